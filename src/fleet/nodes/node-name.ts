// One node's name, as ssh will be given it. Taken: a host name (RFC 1123 labels of letters,
// digits and '-', plus '_' since ~/.ssh/config aliases and /etc/hosts entries use it; lower-cased,
// as ssh lower-cases the host it is given), an IPv4 address in dotted-quad form (no leading zeros:
// inet_aton reads 010 as octal), or an IPv6 address. Refused: `user@host` (the user belongs in
// ~/.ssh/config or the runner's own option, never in a name ssh parses), anything starting with
// '-' (ssh would read an option), whitespace, shell characters, more than 253 characters.
// Names come from flags, files, cmsh and kubectl: all of them untrusted.

export const NODE_NAME_LIMITS = { characters: 253, label: 63 } as const;

export type NodeNameKind = 'dns' | 'ipv4' | 'ipv6';

export type NodeNameCheck =
  | { readonly ok: true; readonly name: string; readonly kind: NodeNameKind }
  | { readonly ok: false; readonly position: number; readonly expected: string };

const LABEL_CHAR = /[A-Za-z0-9_-]/;

const bad = (position: number, expected: string): NodeNameCheck => ({ ok: false, position, expected });

/** The 4 bytes of a dotted-quad IPv4 address (each 0-255, no leading zero), or undefined. */
export function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted quad allowed; no zone), or undefined. */
export function ipv6Bytes(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4Bytes(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail.push(...v4);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' || halves[0] === undefined ? [] : halves[0].split(':');
  const rest = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : [];
  if ([...head, ...rest].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const wanted = 8 - tail.length / 2;
  const given = head.length + rest.length;
  if (halves.length === 2 ? given >= wanted : given !== wanted) return undefined;
  const groups = [...head, ...Array<string>(wanted - given).fill('0'), ...rest];
  const bytes = groups.flatMap((g) => {
    const value = Number.parseInt(g, 16);
    return [value >> 8, value & 0xff];
  });
  return [...bytes, ...tail];
}

/** Whether a text is an IP address netreq takes (IPv4 dotted quad or IPv6 without zone). */
export function isIpAddress(text: string): boolean {
  return ipv4Bytes(text) !== undefined || ipv6Bytes(text) !== undefined;
}

/** Checks one node name; on success gives the name ssh is to be given (a host name lower-cased). */
export function checkNodeName(text: string): NodeNameCheck {
  if (text === '') return bad(0, 'a node name (a host name or an IP address)');
  if (text.length > NODE_NAME_LIMITS.characters) return bad(NODE_NAME_LIMITS.characters, `a node name of at most ${NODE_NAME_LIMITS.characters} characters`);
  if (text.startsWith('-')) return bad(0, "a node name that does not start with '-' (ssh would read it as an option)");
  const at = text.indexOf('@');
  if (at >= 0) return bad(at, "a host name without 'user@' (set the user in ~/.ssh/config, e.g. Host gpu* / User admin)");
  if (ipv4Bytes(text) !== undefined) return { ok: true, name: text, kind: 'ipv4' };
  if (text.includes(':')) {
    if (ipv6Bytes(text) !== undefined) return { ok: true, name: text.toLowerCase(), kind: 'ipv6' };
    return bad(text.indexOf(':'), "a host name (':' only in an IPv6 address such as fd00::12)");
  }
  if (/^[0-9.]+$/.test(text)) return bad(0, 'an IPv4 address of four numbers 0-255 without leading zeros, or a host name with a letter');
  let start = 0;
  for (const label of text.split('.')) {
    if (label === '') return bad(start, text.endsWith('.') && start === text.length ? 'a host name without a trailing dot' : "a host name part between dots (no '..', no leading '.')");
    const wrong = [...label].findIndex((c) => !LABEL_CHAR.test(c));
    if (wrong >= 0) return bad(start + wrong, `letters, digits, '-', '_' or '.' in a host name, not ${JSON.stringify(label[wrong])}`);
    if (label.length > NODE_NAME_LIMITS.label) return bad(start + NODE_NAME_LIMITS.label, `host name parts of at most ${NODE_NAME_LIMITS.label} characters`);
    if (label.startsWith('-') || label.endsWith('-')) return bad(start + (label.startsWith('-') ? 0 : label.length - 1), "host name parts that neither start nor end with '-'");
    start += label.length + 1;
  }
  return { ok: true, name: text.toLowerCase(), kind: 'dns' };
}
