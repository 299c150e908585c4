// Reading a proxy URL as Go and curl do, shared by `--proxy`, HTTPS_PROXY, answers files and the wizard.
import { maskUrlUserinfo } from './mask-userinfo.js';

const EXPECTED = 'expected http://[user:password@]proxy:3128';

/** `proxy:3128` or `user:pw@proxy:3128` gets `http://`, as HTTPS_PROXY does in Go; a URL with a scheme is kept. */
export function withProxyScheme(text: string): string {
  const trimmed = text.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/** The proxy's URL, or what is wrong with it (the value shown with its credentials masked). */
export function readProxyUrl(text: string): { readonly url: URL } | { readonly problem: string } {
  const shown = `'${maskUrlUserinfo(text.trim())}'`;
  const full = withProxyScheme(text);
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    return { problem: `${shown} is not a valid URL; ${EXPECTED}` };
  }
  // Without a scheme, a path means a typo (`http//proxy`), not a proxy: Go would take `http` for the host.
  if (full !== text.trim() && url.pathname !== '/' && url.pathname !== '') return { problem: `${shown} is not a valid URL; ${EXPECTED}` };
  if (url.protocol === 'socks5:' || url.protocol === 'socks5h:' || url.protocol === 'socks4:') {
    return { problem: `${shown}: SOCKS proxies are not supported; give the HTTP proxy (http://host:port)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `${shown} is not an HTTP proxy URL: the scheme must be http:// or https://; ${EXPECTED}` };
  if (url.pathname.includes('@')) return { problem: `${shown} has an '@' after a '/': percent-encode a '/' in the password as %2F; ${EXPECTED}` };
  if (url.hostname === '') return { problem: `${shown} has no host; ${EXPECTED}` };
  return { url };
}
