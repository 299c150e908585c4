import net from 'node:net';

/**
 * `--connect-to HOST:PORT:ADDRESS:PORT`, curl's option of the same name: a connection to the
 * target HOST:PORT goes to ADDRESS:PORT instead, while DNS, SNI and the Host header still name
 * HOST. An empty HOST or PORT matches any; an empty ADDRESS or PORT keeps the resolved one.
 * Uses: a site's private endpoint or a new frontend checked before DNS changes, one node of a
 * cluster, a tunnel. The first rule that matches wins. ADDRESS is an IP literal: a name would
 * need a lookup of its own, which is the step this option exists to bypass.
 */
export interface ConnectToRule {
  readonly host?: string;
  readonly port?: number;
  readonly address?: string;
  readonly toPort?: number;
  /** The rule as given, for evidence. */
  readonly text: string;
}

export type ConnectToRoute = (host: string, address: string, port: number) => { readonly address: string; readonly port: number } | undefined;

/** `a:b:c:d` where a part may be `[v6]`; undefined when the text has not four parts. */
function splitParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < 4) {
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) return undefined;
      parts.push(rest.slice(1, close));
      rest = rest.slice(close + 1);
      if (parts.length < 4) {
        if (!rest.startsWith(':')) return undefined;
        rest = rest.slice(1);
      }
      continue;
    }
    const colon = parts.length === 3 ? -1 : rest.indexOf(':');
    if (colon < 0) {
      parts.push(rest);
      rest = '';
      break;
    }
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  return parts.length === 4 && rest === '' ? parts : undefined;
}

function port(text: string): number | undefined | null {
  if (text === '') return undefined;
  const value = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 65_535 ? value : null;
}

/** Parses one `--connect-to` value; throws with the value and an example when it is malformed. */
export function parseConnectTo(text: string): ConnectToRule {
  const fail = (why: string): never => {
    throw new Error(`--connect-to '${text}': ${why} (expected HOST:PORT:ADDRESS:PORT, for example registry.example.com:443:10.1.2.3:443 or :443:[fd00::5]:8443)`);
  };
  const parts = splitParts(text);
  if (parts === undefined) return fail('not four parts separated by colons');
  const [host = '', fromPort = '', address = '', toPort = ''] = parts;
  const from = port(fromPort);
  const to = port(toPort);
  if (from === null) return fail(`'${fromPort}' is not a port (1-65535)`);
  if (to === null) return fail(`'${toPort}' is not a port (1-65535)`);
  if (address !== '' && net.isIP(address) === 0) return fail(`'${address}' is not an IP address`);
  if (address === '' && to === undefined) return fail('neither an address nor a port to connect to');
  return {
    ...(host === '' ? {} : { host: host.toLowerCase().replace(/\.$/, '') }),
    ...(from === undefined ? {} : { port: from }),
    ...(address === '' ? {} : { address }),
    ...(to === undefined ? {} : { toPort: to }),
    text,
  };
}

/** The first rule whose host and port match a target's (rules by host are indexed: a site may give hundreds). */
function firstRule(rules: readonly ConnectToRule[]): (host: string, port: number) => ConnectToRule | undefined {
  const byHost = new Map<string, Array<{ rule: ConnectToRule; order: number }>>();
  const anyHost: Array<{ rule: ConnectToRule; order: number }> = [];
  rules.forEach((rule, order) => {
    if (rule.host === undefined) anyHost.push({ rule, order });
    else byHost.set(rule.host, [...(byHost.get(rule.host) ?? []), { rule, order }]);
  });
  return (host, targetPort) => {
    const name = host.toLowerCase().replace(/\.$/, '');
    const matches = (entry: { rule: ConnectToRule }): boolean => entry.rule.port === undefined || entry.rule.port === targetPort;
    const candidates = [byHost.get(name)?.find(matches), anyHost.find(matches)].filter((e) => e !== undefined);
    return candidates.sort((a, b) => a.order - b.order)[0]?.rule;
  };
}

/** Where a connection to host:port at a resolved address really goes, when a rule says. */
export function connectToRoute(rules: readonly ConnectToRule[]): ConnectToRoute {
  const find = firstRule(rules);
  return (host, address, targetPort) => {
    const rule = find(host, targetPort);
    if (rule === undefined) return undefined;
    return { address: rule.address ?? address, port: rule.toPort ?? targetPort };
  };
}

/** The address the first matching rule names: a target can be reached there even when its name does not resolve. */
export function connectToAddress(rules: readonly ConnectToRule[]): (host: string, port: number) => string | undefined {
  const find = firstRule(rules);
  return (host, targetPort) => find(host, targetPort)?.address;
}
