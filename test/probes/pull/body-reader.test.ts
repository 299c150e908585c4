import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../src/probes/pull/body-reader.js';

const signal = (): AbortSignal => new AbortController().signal;

describe('follow-the-pull 1: a body read under bounds and a progress deadline', () => {
  it('to its end: the bytes, kept or not, and their sha256', async () => {
    const body = new PassThrough();
    const read = readBody(body, { keep: true, maxBytes: 100, progressMs: 1000, signal: signal() });
    body.end(Buffer.from('hello'));
    expect(await read).toEqual({ end: 'complete', bytes: 5, data: Buffer.from('hello'), digest: `sha256:${createHash('sha256').update('hello').digest('hex')}` });
  });

  it('more than the bound is too-large, and the stream is destroyed', async () => {
    const body = new PassThrough();
    const read = readBody(body, { keep: true, maxBytes: 4, progressMs: 1000, signal: signal() });
    body.write(Buffer.from('hello'));
    expect(await read).toMatchObject({ end: 'too-large', bytes: 5 });
    expect(body.destroyed).toBe(true);
  });

  it('a budget stops the read, exactly at the budget, without a digest', async () => {
    const body = new PassThrough();
    const read = readBody(body, { keep: false, maxBytes: 1000, budget: 6, progressMs: 1000, signal: signal() });
    body.write(Buffer.alloc(4));
    body.write(Buffer.alloc(4));
    const result = await read;
    expect(result).toEqual({ end: 'budget', bytes: 6 });
  });

  it('no bytes for the progress deadline is a stall, with what came before', async () => {
    const body = new PassThrough();
    const started = performance.now();
    const read = readBody(body, { keep: false, maxBytes: 1000, progressMs: 150, signal: signal() });
    body.write(Buffer.alloc(10));
    setTimeout(() => body.write(Buffer.alloc(10)), 100);
    expect(await read).toEqual({ end: 'stalled', bytes: 20, code: 'ETIMEDOUT' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('the signal ends it at once', async () => {
    const body = new PassThrough();
    const controller = new AbortController();
    const read = readBody(body, { keep: false, maxBytes: 1000, progressMs: 10_000, signal: controller.signal });
    body.write(Buffer.alloc(3));
    setTimeout(() => controller.abort(), 20);
    expect(await read).toEqual({ end: 'aborted', bytes: 3, code: 'ABORT_ERR' });
  });
});
