// A registry's token service and the host its `redirect` middleware sends blobs to, inside a test
// namespace on the addresses given (token-server.ts and blob-server.ts are their loopback twins).
// Plain JS so `ip netns exec NAME node pull-servers.mjs CONFIG.json` starts without tsx.
// Config: { token: { host, port, keyPath, certPath, service, issuer, user?: { username, password } },
//           blobs: { host, port, root } }
// Prints {"ready":true}, then {"token":"..."} for each token issued (a test checks none leaks) and
// {"blob":PATH} for each blob request.
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { join, normalize } from 'node:path';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const log = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const base64url = (data) => Buffer.from(data).toString('base64url');

function tokenServer({ keyPath, certPath, service, issuer, user }) {
  const key = createPrivateKey(readFileSync(keyPath));
  const der = new X509Certificate(readFileSync(certPath)).raw;
  const expected = user ? `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` : undefined;
  const mint = (scopes) => {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.flatMap((scope) => {
      const m = /^([a-z]+):(.+):([a-z*,]+)$/.exec(scope);
      return m ? [{ type: m[1], name: m[2], actions: m[3].split(',') }] : [];
    });
    const header = { typ: 'JWT', alg: 'ES256', x5c: [der.toString('base64')] };
    const claims = { iss: issuer, sub: 'netreq-test', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
    const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${signed}.${base64url(sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' }))}`;
  };
  const answer = (res, status, doc) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  return (req, res) => {
    req.resume();
    // The OAuth POST (password grant) is refused, as distribution's docs' servers do: clients fall back to GET with Basic.
    if (req.method === 'POST') return void req.on('end', () => answer(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }));
    if (expected !== undefined && req.headers.authorization !== expected) return answer(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
    const token = mint(new URL(req.url ?? '/', 'http://token').searchParams.getAll('scope'));
    log({ token });
    answer(res, 200, { token, expires_in: 300 });
  };
}

function blobServer({ root }) {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://blob').pathname;
    log({ blob: path });
    const relative = normalize(decodeURIComponent(path)).replace(/^\/+/, '');
    if (relative.startsWith('..')) return void res.writeHead(400).end();
    let size;
    try {
      size = statSync(join(root, relative)).size;
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    // The headers go in a packet of their own (a path-MTU black hole lets them through, then not the data).
    res.flushHeaders();
    if (req.method === 'HEAD') return void res.end();
    setTimeout(() => {
      const stream = createReadStream(join(root, relative));
      stream.on('error', () => res.destroy());
      res.on('close', () => stream.destroy());
      stream.pipe(res);
    }, 20);
  };
}

// A server that dies mid-test would look like a network failure: log what would have killed it.
process.on('uncaughtException', (error) => log({ error: String(error?.stack ?? error) }));

const listen = (handler, { host, port }) => new Promise((resolve) => http.createServer(handler).listen(port, host, resolve));
await listen(tokenServer(config.token), config.token);
await listen(blobServer(config.blobs), config.blobs);
log({ ready: true });
