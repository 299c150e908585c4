import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { authSchemes, cleanText, decodeChunked, htmlTitle, parseHead, proxyProduct, readResponse } from '../../src/probes/index.js';
import { deadline } from '../net/fixtures/servers.js';

function feed(...chunks: (string | null)[]): PassThrough {
  const stream = new PassThrough();
  setImmediate(() => {
    for (const chunk of chunks) {
      if (chunk === null) stream.end();
      else stream.write(Buffer.from(chunk, 'latin1'));
    }
  });
  return stream;
}

describe('parseHead', () => {
  it('reads the status line and lower-cases header names', () => {
    const head = parseHead(Buffer.from('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\nX-Squid-Error: ERR_CACHE_ACCESS_DENIED 0\r\n\r\nbody'));
    expect(head).toMatchObject({ status: 407, reason: 'Proxy Authentication Required', httpVersion: '1.1' });
    if (typeof head === 'object') expect(head.headers).toContainEqual(['x-squid-error', 'ERR_CACHE_ACCESS_DENIED 0']);
  });

  it.each([
    ['HTTP/1.1 200 OK\r\nServer: x\r\n', 'incomplete'],
    ['SSH-2.0-OpenSSH_9.6\r\n', 'malformed'],
    ['HTTP/2 200\r\n\r\n', 'malformed'],
  ])('%j -> %s', (text, expected) => {
    expect(parseHead(Buffer.from(text))).toBe(expected);
  });
});

describe('readResponse', () => {
  it('reads a Content-Length body', async () => {
    const result = await readResponse(feed('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel', 'lo'), deadline(1000));
    expect(result.ok && result.response.body.toString()).toBe('hello');
  });

  it('decodes a chunked body', async () => {
    const result = await readResponse(feed('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'), deadline(1000));
    expect(result.ok && result.response.body.toString()).toBe('hello world');
  });

  it('reads to the end without a length', async () => {
    const result = await readResponse(feed('HTTP/1.0 200 OK\r\n\r\nall of it', null), deadline(1000));
    expect(result.ok && result.response.body.toString()).toBe('all of it');
  });

  it('caps the body', async () => {
    const result = await readResponse(feed(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(2000)}`), deadline(1000), { maxBodyBytes: 1000 });
    expect(result.ok && result.response.body.length).toBe(1000);
    expect(result.ok && result.response.bodyTruncated).toBe(true);
  });

  it('returns the bytes after a CONNECT 200 for the tunnel', async () => {
    const result = await readResponse(feed('HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01'), deadline(1000), { noBodyFor: () => true });
    expect(result.ok && [...result.response.rest]).toEqual([0x16, 0x03, 0x01]);
  });

  it('reports closed, malformed and timeout as codes', async () => {
    expect(await readResponse(feed(null), deadline(1000))).toMatchObject({ ok: false, code: 'closed' });
    expect(await readResponse(feed('garbage that is not http\r\n\r\n'), deadline(1000))).toMatchObject({ ok: false, code: 'malformed' });
    expect(await readResponse(feed('HTTP/1.1 200'), deadline(100))).toMatchObject({ ok: false, code: 'ETIMEDOUT' });
  });

  it('keeps a head that arrived when the body times out', async () => {
    const result = await readResponse(feed('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\npartial'), deadline(100));
    expect(result).toMatchObject({ ok: true, response: { status: 200, bodyTruncated: true } });
  });

  it('decodeChunked stops at the cap', () => {
    expect(decodeChunked(Buffer.from('3\r\nabc\r\n3\r\ndef\r\n'), 3)).toMatchObject({ done: true });
  });
});

describe('text helpers', () => {
  it.each([
    ['<html><head><title>ERROR: The requested URL could not be retrieved</title>', 'ERROR: The requested URL could not be retrieved'],
    ['<TITLE lang="en">Access &amp; Denied &#8212; Corp</TITLE>', 'Access & Denied — Corp'],
    ['<title>\x1b[31mred\x1b[0m\n  text</title>', 'red text'],
    ['<p>no title</p>', undefined],
  ])('htmlTitle(%j)', (html, title) => {
    expect(htmlTitle(html)).toBe(title);
  });

  it('cleanText strips control characters', () => {
    expect(cleanText('a\x00b\x07c\x1b[2Jd\r\ne')).toBe('abcd e');
  });

  it.each([
    [['Basic realm="Squid proxy-caching web server"'], ['Basic']],
    [['NTLM', 'Negotiate'], ['NTLM', 'Negotiate']],
    [['Negotiate, NTLM'], ['Negotiate', 'NTLM']],
    [['Digest realm="corp", nonce="abc", qop="auth"', 'Basic realm="corp"'], ['Digest', 'Basic']],
  ])('authSchemes(%j) = %j', (values, schemes) => {
    expect(authSchemes(values)).toEqual(schemes);
  });

  it.each([
    [[['server', 'squid/5.7']], 'squid/5.7'],
    [[['via', '1.1 proxy.corp (squid/6.10)']], 'squid/6.10'],
    [[['via', '1.1 proxy.corp']], undefined],
  ] as const)('proxyProduct(%j) = %s', (headers, product) => {
    expect(proxyProduct(headers)).toBe(product);
  });
});
