/**
 * Squid's error identity, as its errorpage.cc builds it: `X-Squid-Error: NAME errno`, its own
 * Server/Via/X-Cache headers, and the page from errors/templates (the title is what tools show).
 */

export const SQUID_VERSION = 'squid/6.10';

export type SquidError =
  | 'ERR_ACCESS_DENIED'
  | 'ERR_CACHE_ACCESS_DENIED'
  | 'ERR_DNS_FAIL'
  | 'ERR_CONNECT_FAIL'
  | 'ERR_READ_ERROR'
  | 'ERR_READ_TIMEOUT';

const PAGES: Record<SquidError, { status: number; reason: string; title: string; headline: string; text: string }> = {
  ERR_ACCESS_DENIED: {
    status: 403,
    reason: 'Forbidden',
    title: 'ERROR: The requested URL could not be retrieved',
    headline: 'Access Denied.',
    text: 'Access control configuration prevents your request from being allowed at this time. Please contact your service provider if you feel this is incorrect.',
  },
  ERR_CACHE_ACCESS_DENIED: {
    status: 407,
    reason: 'Proxy Authentication Required',
    title: 'ERROR: Cache Access Denied',
    headline: 'Cache Access Denied.',
    text: 'Sorry, you are not currently allowed to request this URL from this cache until you have authenticated yourself.',
  },
  ERR_DNS_FAIL: {
    status: 503,
    reason: 'Service Unavailable',
    title: 'ERROR: The requested URL could not be retrieved',
    headline: 'Unable to determine IP address from host name.',
    text: 'The DNS server returned: Name Error: The domain name does not exist. This means that the cache was not able to resolve the hostname presented in the URL.',
  },
  ERR_CONNECT_FAIL: {
    status: 503,
    reason: 'Service Unavailable',
    title: 'ERROR: The requested URL could not be retrieved',
    headline: 'Connection to the server failed.',
    text: 'The remote host or network may be down. Please try the request again.',
  },
  ERR_READ_ERROR: {
    status: 502,
    reason: 'Bad Gateway',
    title: 'ERROR: The requested URL could not be retrieved',
    headline: 'Read Error',
    text: 'An error condition occurred while reading data from the network. Please retry your request.',
  },
  ERR_READ_TIMEOUT: {
    status: 504,
    reason: 'Gateway Timeout',
    title: 'ERROR: The requested URL could not be retrieved',
    headline: 'Read Timeout',
    text: 'A Timeout occurred while waiting to read data from the network. The network or server may be down or congested.',
  },
};

export interface SquidErrorResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function squidError(
  error: SquidError,
  context: { url: string; proxyName: string; errno?: number; extraHeaders?: ReadonlyArray<readonly [string, string]> },
): SquidErrorResponse {
  const page = PAGES[error];
  const errno = context.errno ?? 0;
  const date = new Date().toUTCString();
  const url = escapeHtml(context.url);
  const body =
    '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n' +
    `<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<title>${page.title}</title>\n</head><body id="${error}">\n` +
    `<div id="titles">\n<h1>ERROR</h1>\n<h2>The requested URL could not be retrieved</h2>\n</div>\n<hr>\n\n<div id="content">\n` +
    `<p>The following error was encountered while trying to retrieve the URL: <a href="${url}">${url}</a></p>\n\n` +
    `<blockquote id="error">\n<p><b>${page.headline}</b></p>\n</blockquote>\n\n` +
    (errno === 0 ? '' : `<p id="sysmsg">The system returned: <i>(${errno}) ${errnoText(errno)}</i></p>\n\n`) +
    `<p>${page.text}</p>\n\n<p>Your cache administrator is <a href="mailto:webmaster">webmaster</a>.</p>\n<br>\n</div>\n\n` +
    `<hr>\n<div id="footer">\n<p>Generated ${date} by ${escapeHtml(context.proxyName)} (${SQUID_VERSION})</p>\n<!-- ${error} -->\n</div>\n</body></html>\n`;
  const headers: Array<readonly [string, string]> = [
    ['Server', SQUID_VERSION],
    ['Mime-Version', '1.0'],
    ['Date', date],
    ['Content-Type', 'text/html;charset=utf-8'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['X-Squid-Error', `${error} ${errno}`],
    ['Vary', 'Accept-Language'],
    ['Content-Language', 'en'],
    ...(context.extraHeaders ?? []),
    ['X-Cache', `MISS from ${context.proxyName}`],
    ['X-Cache-Lookup', `NONE from ${context.proxyName}:3128`],
    ['Via', via(context.proxyName)],
    ['Connection', 'close'],
  ];
  return { status: page.status, reason: page.reason, headers, body };
}

export function via(proxyName: string): string {
  return `1.1 ${proxyName} (${SQUID_VERSION})`;
}

function errnoText(errno: number): string {
  switch (errno) {
    case 104:
      return 'Connection reset by peer';
    case 110:
      return 'Connection timed out';
    case 111:
      return 'Connection refused';
    default:
      return 'Unknown error';
  }
}

/** The response as bytes, for a socket that no longer has an HTTP server in front of it (after CONNECT). */
export function serialise(response: SquidErrorResponse): string {
  const head = [`HTTP/1.1 ${response.status} ${response.reason}`, ...response.headers.map(([name, value]) => `${name}: ${value}`)];
  return `${head.join('\r\n')}\r\n\r\n${response.body}`;
}
