// A hostile forward proxy for redaction tests: it refuses every request (403) and echoes the
// Basic credential it was sent back in the forms a real proxy or filter may: unpadded base64 in
// Via and in its page, base64url, and percent-encoded in a Set-Cookie and a link.
// Usage: node echo-proxy.mjs PORT; prints {"ready":true} once it listens on 127.0.0.1:PORT.
import { createServer } from 'node:net';

const port = Number(process.argv[2]);

function echoes(head) {
  const line = head.split('\r\n').find((l) => /^proxy-authorization:/i.test(l)) ?? '';
  const padded = line.replace(/^proxy-authorization:\s*basic\s+/i, '').trim();
  const bare = padded.replace(/=+$/, '');
  const url = bare.replace(/\+/g, '-').replace(/\//g, '_');
  const percent = encodeURIComponent(padded);
  return { bare, url, percent };
}

const server = createServer((socket) => {
  let head = '';
  socket.on('data', (chunk) => {
    head += chunk.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    const e = echoes(head);
    const body = `<html><head><title>Denied for ${e.bare}</title></head><body>user ${e.bare} / ${e.url} <a href="/retry?c=${e.percent}">retry</a></body></html>`;
    socket.end(
      [
        'HTTP/1.1 403 Forbidden',
        `Via: 1.1 echo-proxy (auth ${e.bare})`,
        `Server: echo-proxy/1.0 ${e.url}`,
        `Set-Cookie: proxyauth=${e.percent}; Path=/`,
        'Content-Type: text/html',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
  socket.on('error', () => socket.destroy());
});
server.listen(port, '127.0.0.1', () => process.stdout.write('{"ready":true}\n'));
