// Origin servers inside a test namespace: the "public internet" squid and netreq reach.
// Plain JS so `ip netns exec NAME node origin-server.mjs CONFIG.json` starts fast, without tsx.
// Config: { listeners: [ { kind, host, port, cert?, key?, text?, routes? } ] }
//   kind https | http : HTTP/1.1 (over TLS for https). `/v2/` answers 401 with a registry Bearer
//                       challenge; routes { "/path": { status, headers, body } } override; else 200.
//   kind banner       : writes `text` on connect (an SSH banner, or something that is not one).
//   kind tcp-silent   : accepts and never writes.
//   kind udp-silent   : a bound UDP socket that reads and never answers (a silent DNS upstream).
//   kind intercept    : a transparent TLS interceptor: for each SNI it mints a leaf signed by the CA
//                       `caCert`/`caKey` (with openssl, in `dir`) and sends that leaf alone, not its CA;
//                       then HTTP as https. One {"minted":NAME} line per certificate made. The
//                       leaves of `names` are minted before ready (openssl 3.0 cannot backdate a
//                       leaf, and one minted during the handshake starts after the client's clock
//                       reading: not yet valid to it; real boxes backdate or copy the origin's dates).
// Prints {"ready":true} once every listener is bound, then one {"request":...} line per request.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const log = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

function handler(listener) {
  return (req, res) => {
    const host = req.headers.host ?? '';
    log({ request: { listener: `${listener.host}:${listener.port}`, method: req.method, url: req.url, host, sni: req.socket.servername ?? null } });
    const route = listener.routes?.[req.url ?? '/'];
    if (route) {
      res.writeHead(route.status ?? 200, route.headers ?? {});
      res.end(route.body ?? '');
    } else if ((req.url ?? '').startsWith('/v2/')) {
      const name = host.replace(/:\d+$/, '');
      res.writeHead(401, {
        'content-type': 'application/json',
        'docker-distribution-api-version': 'registry/2.0',
        'www-authenticate': `Bearer realm="https://${name}/token",service="${name}"`,
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}\n');
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`ok ${host} ${req.url}\n`);
    }
  };
}

const openssl = (args) => promisify(execFile)('openssl', args);

/** A leaf for `name` signed by the listener's CA, as a secure context holding the leaf alone. */
async function mint(listener, name) {
  const base = join(listener.dir, name.replace(/[^A-Za-z0-9.-]/g, '_'));
  writeFileSync(`${base}.ext`, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${name}\n`);
  await openssl(['req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`]);
  await openssl([
    'x509', '-req', '-in', `${base}.csr`, '-CA', listener.caCert, '-CAkey', listener.caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '30', '-extfile', `${base}.ext`, '-out', `${base}.crt`,
  ]);
  log({ minted: name });
  return tls.createSecureContext({ cert: readFileSync(`${base}.crt`), key: readFileSync(`${base}.key`) });
}

function interceptor(listener) {
  const contexts = new Map();
  const SNICallback = (name, cb) => {
    if (!contexts.has(name)) contexts.set(name, mint(listener, name));
    contexts.get(name).then((ctx) => cb(null, ctx), (err) => cb(err));
  };
  const server = https.createServer({ SNICallback }, handler(listener));
  return Promise.all((listener.names ?? []).map((name) => contexts.set(name, mint(listener, name)).get(name))).then(() => server);
}

function listen(listener) {
  return new Promise((resolve, reject) => {
    const { kind, host, port } = listener;
    if (kind === 'udp-silent') {
      const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      sock.on('error', reject);
      sock.on('message', () => undefined);
      sock.bind(port, host, resolve);
      return;
    }
    let server;
    if (kind === 'https') {
      server = https.createServer({ cert: readFileSync(listener.cert), key: readFileSync(listener.key) }, handler(listener));
    } else if (kind === 'intercept') {
      interceptor(listener).then((s) => {
        s.on('error', reject);
        s.listen(port, host, resolve);
      }, reject);
      return;
    } else if (kind === 'http') {
      server = http.createServer(handler(listener));
    } else if (kind === 'banner') {
      server = net.createServer((s) => {
        s.on('error', () => undefined);
        s.write(listener.text ?? '');
      });
    } else if (kind === 'tcp-silent') {
      server = net.createServer((s) => s.on('error', () => undefined));
    } else {
      reject(new Error(`unknown listener kind ${kind}`));
      return;
    }
    server.on('error', reject);
    server.listen(port, host, resolve);
  });
}

await Promise.all(config.listeners.map(listen));
log({ ready: true });
process.on('SIGTERM', () => process.exit(0));
