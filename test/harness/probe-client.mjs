// A tiny client run inside a namespace (`node probe-client.mjs MODE ...`) to observe real servers
// without netreq: prints one JSON line. Modes:
//   dns SERVER PORT NAME TYPE [TIMEOUT_MS]       one UDP query with dns-packet: rcode, answers, ms
//   connect HOST PORT [TIMEOUT_MS]               TCP connect: connected | error code | no-answer, ms
//   banner HOST PORT [TIMEOUT_MS]                connect and read the first line the server sends
//   proxy PROXY_HOST PROXY_PORT METHOD TARGET [AUTH] [TIMEOUT_MS]
//                                                 one raw request to a proxy (CONNECT host:port or
//                                                 GET http://...), the status line, headers and body
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

const [mode, ...args] = process.argv.slice(2);
const started = performance.now();
const ms = () => Math.round(performance.now() - started);
const print = (obj) => {
  process.stdout.write(`${JSON.stringify({ ...obj, ms: ms() })}\n`);
  process.exit(0);
};

function dns([server, port, name, type, timeout = '3000']) {
  const sock = dgram.createSocket(server.includes(':') ? 'udp6' : 'udp4');
  const id = Math.floor(Math.random() * 65535);
  const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
  setTimeout(() => print({ outcome: 'timeout' }), Number(timeout));
  sock.on('error', (e) => print({ outcome: 'error', code: e.code }));
  sock.on('message', (msg) => {
    const r = dnsPacket.decode(msg);
    if (r.id !== id) return;
    print({
      outcome: 'answer',
      rcode: r.rcode,
      flags: { aa: r.flag_aa, ra: r.flag_ra, tc: r.flag_tc },
      answers: (r.answers ?? []).map((a) => ({ name: a.name, type: a.type, ttl: a.ttl, data: a.data })),
    });
  });
  sock.send(query, Number(port), server);
}

function connect([host, port, timeout = '2000'], readBanner = false) {
  const s = net.connect({ host, port: Number(port) });
  setTimeout(() => print({ outcome: readBanner && s.readyState === 'open' ? 'connected-silent' : 'no-answer' }), Number(timeout));
  s.on('error', (e) => print({ outcome: 'error', code: e.code, syscall: e.syscall }));
  s.on('connect', () => {
    if (!readBanner) print({ outcome: 'connected' });
  });
  let data = '';
  s.on('data', (c) => {
    data += c.toString('latin1');
    const nl = data.indexOf('\n');
    if (nl >= 0) print({ outcome: 'banner', line: data.slice(0, nl).replace(/\r$/, '') });
  });
  s.on('end', () => print({ outcome: 'closed', data }));
}

function proxy([phost, pport, method, target, auth = '', timeout = '15000']) {
  const s = net.connect({ host: phost, port: Number(pport) });
  setTimeout(() => print({ outcome: 'timeout', raw: buf }), Number(timeout));
  s.on('error', (e) => print({ outcome: 'error', code: e.code }));
  const hostHeader = method === 'CONNECT' ? target : new URL(target).host;
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${hostHeader}`, 'User-Agent: netreq-harness'];
  if (auth !== '' && auth !== '-') lines.push(`Proxy-Authorization: Basic ${Buffer.from(auth).toString('base64')}`);
  if (method !== 'CONNECT') lines.push('Connection: close');
  s.write(`${lines.join('\r\n')}\r\n\r\n`);
  let buf = '';
  const finish = () => {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const [statusLine, ...headerLines] = buf.slice(0, end).split('\r\n');
    const headers = {};
    for (const h of headerLines) {
      const i = h.indexOf(':');
      const k = h.slice(0, i).trim().toLowerCase();
      headers[k] = headers[k] === undefined ? h.slice(i + 1).trim() : `${headers[k]}, ${h.slice(i + 1).trim()}`;
    }
    const status = Number(statusLine.split(' ')[1]);
    const body = buf.slice(end + 4);
    const len = Number(headers['content-length'] ?? NaN);
    if (method === 'CONNECT' && status === 200) return print({ outcome: 'response', statusLine, status, headers });
    if (!Number.isNaN(len) && Buffer.byteLength(body, 'latin1') < len) return false;
    const title = /<title>([\s\S]*?)<\/title>/i.exec(body)?.[1]?.trim() ?? null;
    return print({ outcome: 'response', statusLine, status, headers, title, body });
  };
  s.on('data', (c) => {
    buf += c.toString('latin1');
    finish();
  });
  s.on('end', () => finish() || print({ outcome: 'closed', raw: buf }));
}

if (mode === 'dns') dns(args);
else if (mode === 'connect') connect(args);
else if (mode === 'banner') connect(args, true);
else if (mode === 'proxy') proxy(args);
else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
