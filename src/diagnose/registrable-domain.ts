/**
 * The registrable domain of a host name (the part its owner registered): `registry-1.docker.io` ->
 * `docker.io`, `archive.ubuntu.com` -> `ubuntu.com`, `www.example.co.uk` -> `example.co.uk`.
 *
 * A compact rule instead of the Public Suffix List (netreq carries no dependency for it): the last
 * two labels, or the last three when the top-level label is a two-letter country code and the
 * second-level one is a generic category a registry uses under it (co.uk, com.au, ac.jp, gov.in,
 * or.jp, ne.jp...). It errs on the side of "another domain" for the rare suffix it does not know
 * (a city or a private suffix such as github.io), which is the safe side for a redirect judgement:
 * such a redirect is named, not passed. An IP literal is its own domain.
 */
const GENERIC_SECOND_LEVEL: ReadonlySet<string> = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'mil', 'gob', 'nic', 'ltd', 'plc']);

export function registrableDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (name.includes(':') || /^\d+(\.\d+){3}$/.test(name)) return name;
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const top = labels[labels.length - 1] ?? '';
  const second = labels[labels.length - 2] ?? '';
  const keep = top.length === 2 && GENERIC_SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Do two host names belong to the same registrable domain (the same owner, by the rule above)? */
export function sameRegistrableDomain(a: string, b: string): boolean {
  return registrableDomain(a) === registrableDomain(b);
}
