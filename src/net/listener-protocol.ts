/**
 * The wire protocol between `netreq listen` and a peer check. The listener never reads what a
 * TCP peer sends: it writes one greeting line and closes. A UDP request gets one reply no
 * larger than itself (no amplification), and only when it is a well-formed echo request.
 *
 *   TCP greeting   NETREQ-LISTEN 1 <token> <port>\r\n
 *   UDP request    NETREQ-ECHO 1 <nonce> <padding>
 *   UDP reply      NETREQ-ECHO 1 <nonce> <token> <port>
 */

export const GREETING_PREFIX = 'NETREQ-LISTEN 1 ';
export const ECHO_PREFIX = 'NETREQ-ECHO 1 ';
/** A greeting or an echo is never longer; anything longer is not ours. */
export const MAX_MESSAGE_BYTES = 256;

const TOKEN = /^[A-Za-z0-9_-]{4,64}$/;
const NONCE = /^[A-Za-z0-9]{4,32}$/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

export function greetingLine(token: string, port: number): string {
  return `${GREETING_PREFIX}${token} ${port}\r\n`;
}

export interface ListenerAnswer {
  readonly token: string;
  readonly port: number;
}

/** The token and port of a greeting line, or undefined when the text is not one. */
export function parseGreeting(text: string): ListenerAnswer | undefined {
  const line = text.split('\n')[0]?.replace(/\r$/, '') ?? '';
  if (!line.startsWith(GREETING_PREFIX)) return undefined;
  const [token, port] = line.slice(GREETING_PREFIX.length).split(' ');
  const portNumber = Number(port);
  if (token === undefined || !isToken(token) || !Number.isInteger(portNumber)) return undefined;
  return { token, port: portNumber };
}

/** An echo request padded to the size of the longest reply, so the reply is never larger. */
export function echoRequest(nonce: string): string {
  const head = `${ECHO_PREFIX}${nonce} `;
  return head.padEnd(head.length + 64 + 8, '.');
}

/** The nonce of a well-formed echo request, or undefined. */
export function parseEchoRequest(text: string): string | undefined {
  if (!text.startsWith(ECHO_PREFIX) || text.length > MAX_MESSAGE_BYTES) return undefined;
  const nonce = text.slice(ECHO_PREFIX.length).split(' ')[0] ?? '';
  return NONCE.test(nonce) ? nonce : undefined;
}

export function echoReply(nonce: string, token: string, port: number): string {
  return `${ECHO_PREFIX}${nonce} ${token} ${port}`;
}

/** The token and port of a reply to our nonce, or undefined when the text is not one. */
export function parseEchoReply(text: string, nonce: string): ListenerAnswer | undefined {
  const prefix = `${ECHO_PREFIX}${nonce} `;
  if (!text.startsWith(prefix)) return undefined;
  const [token, port] = text.slice(prefix.length).trim().split(' ');
  const portNumber = Number(port);
  if (token === undefined || !isToken(token) || !Number.isInteger(portNumber)) return undefined;
  return { token, port: portNumber };
}
