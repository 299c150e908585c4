import { proxyFromEnv, type ProxySettings } from '../net/index.js';
import type { RuntimeProxy } from '../schema/index.js';

/** Whose settings route the container runtime's pulls, and why. */
export interface RuntimeRoute {
  readonly settings: ProxySettings;
  /**
   * `flag`: --proxy (or the answers' proxy) says what the site uses, for every client. `runtime`: the
   * runtime's own service environment, read from its unit and drop-ins. `shell`: no runtime here
   * (an installer machine, a node before Kubernetes), so the shell's settings stand in.
   */
  readonly source: 'flag' | 'runtime' | 'shell';
  /** The runtime whose settings these are (containerd first: it pulls for the kubelet). */
  readonly runtime?: RuntimeProxy['name'];
}

/** The runtimes that pull images, in the order a Kubernetes node uses them. */
const PULLERS: readonly RuntimeProxy['name'][] = ['containerd', 'docker'];

/** A runtime's effective variables as Go's http.ProxyFromEnvironment reads them (upper case first, already applied). */
function settingsOf(runtime: RuntimeProxy): ProxySettings {
  const env: Record<string, string> = {};
  if (runtime.effective.httpsProxy) env['HTTPS_PROXY'] = runtime.effective.httpsProxy;
  if (runtime.effective.httpProxy) env['HTTP_PROXY'] = runtime.effective.httpProxy;
  if (runtime.effective.noProxy) env['NO_PROXY'] = runtime.effective.noProxy;
  try {
    return proxyFromEnv(env);
  } catch {
    // A proxy URL Go cannot parse either: the runtime's pulls fail at the proxy; judged direct here, and its settings are a runtime finding.
    return { noProxy: runtime.effective.noProxy ?? '', sources: {}, curlNotes: [] };
  }
}

/**
 * The route the container runtime's pulls take: `--proxy` for everyone when given; else the
 * runtime's service environment when a runtime is installed; else the shell's, standing in.
 */
export function runtimeRouteOf(shell: ProxySettings, runtimes: readonly RuntimeProxy[] | undefined): RuntimeRoute {
  if (shell.sources.httpsProxy === '--proxy' || shell.sources.httpProxy === '--proxy') return { settings: shell, source: 'flag' };
  const runtime = PULLERS.map((name) => runtimes?.find((r) => r.name === name && r.present)).find((r) => r !== undefined);
  if (runtime === undefined) return { settings: shell, source: 'shell' };
  return { settings: settingsOf(runtime), source: 'runtime', runtime: runtime.name };
}
