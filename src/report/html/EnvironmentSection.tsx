/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { Environment, ProxyVariables } from '../../schema/index.js';
import { clean } from './text.js';

export interface EnvironmentSectionProps {
  /** environment.json, when the page comes from a bundle. */
  readonly environment?: Environment | undefined;
  /** The report's own environment summary otherwise. */
  readonly summary: Record<string, unknown>;
}

function Variables({ variables }: { readonly variables: ProxyVariables }) {
  const entries = Object.entries(variables).filter((e): e is [string, string] => e[1] !== undefined);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {entries.map(([name, value]) => (
        <div key={name}>
          <code>{clean(`${name}=${value}`, false)}</code>
        </div>
      ))}
    </>
  );
}

/** The machine: system, time, resolvers, proxies (the shell's and the services'), interfaces, routes. */
export function EnvironmentSection({ environment, summary }: EnvironmentSectionProps) {
  if (environment === undefined) return <pre>{clean(JSON.stringify(summary, null, 2))}</pre>;
  const e = environment;
  return (
    <>
      <dl>
        <dt>System</dt>
        <dd>{clean(`${e.os.distribution ?? e.os.platform}, kernel ${e.os.kernel} (${e.os.arch}), host ${e.os.hostname}`, false)}</dd>
        <dt>Versions</dt>
        <dd>{clean(`netreq ${e.netreq}, Node ${e.node}${e.catalogVersion !== undefined ? `, catalog ${e.catalogVersion}` : ''}`, false)}</dd>
        <dt>Collected</dt>
        <dd>{clean(`${e.collectedAt} (${e.timeZone}, UTC${e.utcOffset})`, false)}</dd>
        <dt>Resolvers</dt>
        <dd>{e.resolvConf ? clean(`${e.resolvConf.nameservers.join(', ') || 'none'}; search ${e.resolvConf.search.join(' ') || 'none'}${e.resolvConf.options.length > 0 ? `; options ${e.resolvConf.options.join(' ')}` : ''}`, false) : 'no /etc/resolv.conf'}</dd>
        <dt>/etc/hosts</dt>
        <dd>{e.hostsLines.length > 0 ? e.hostsLines.map((l, i) => <div key={i}><code>{clean(l, false)}</code></div>) : <span className="muted">no line names a checked host</span>}</dd>
        <dt>Shell proxy</dt>
        <dd><Variables variables={e.proxyVariables} /></dd>
        <dt>/etc/environment</dt>
        <dd>{e.etcEnvironment ? <Variables variables={e.etcEnvironment} /> : <span className="muted">not readable</span>}</dd>
        <dt>Default routes</dt>
        <dd>{e.defaultRoutes.length > 0 ? clean(e.defaultRoutes.map((r) => `${r.family} via ${r.gateway} dev ${r.interface} metric ${r.metric}`).join('; '), false) : 'none'}</dd>
      </dl>
      <h3>Container runtime and kubelet proxy settings</h3>
      <table>
        <thead>
          <tr><th>Service</th><th>Installed</th><th>Proxy it will use</th><th>From</th></tr>
        </thead>
        <tbody>
          {e.runtimes.map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
              <td>{r.present ? 'yes' : 'no trace'}</td>
              <td>
                {Object.keys(r.effective).length === 0 ? <span className="muted">no proxy</span> : null}
                {r.effective.httpsProxy !== undefined ? <div><code>{clean(`HTTPS_PROXY=${r.effective.httpsProxy}`, false)}</code></div> : null}
                {r.effective.httpProxy !== undefined ? <div><code>{clean(`HTTP_PROXY=${r.effective.httpProxy}`, false)}</code></div> : null}
                {r.effective.noProxy !== undefined ? <div><code>{clean(`NO_PROXY=${r.effective.noProxy}`, false)}</code></div> : null}
              </td>
              <td>{r.sources.map((s, i) => <div key={i}>{clean(`${s.path} (${s.kind}${s.loaded ? '' : ', not loaded by the unit'})`, false)}</div>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Interfaces</h3>
      <table>
        <tbody>
          {Object.entries(e.interfaces).map(([name, addresses]) => (
            <tr key={name}>
              <td>{clean(name, false)}</td>
              <td>{clean(addresses.map((a) => a.cidr ?? a.address).join(', '), false)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.unreadable.length > 0 ? <p className="muted">Not readable: {clean(e.unreadable.map((u) => `${u.path} (${u.code})`).join(', '), false)}</p> : null}
    </>
  );
}
