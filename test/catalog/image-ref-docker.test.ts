// The parser held against a consumer that runs here: the Docker CLI reads a reference with
// distribution/reference before it dials its daemon. Its daemon socket is a path where nothing
// listens, so a reference Docker accepts ends at "Cannot connect" and nothing leaves this machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readImageRef } from '../../src/catalog/index.js';
import { BAD, GOOD } from './image-ref-cases.js';

const hasDocker = spawnSync('docker', ['--version'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'netreq-docker-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether Docker's own parser takes the reference (it then fails only to reach the absent daemon). */
function dockerAccepts(ref: string): boolean {
  const run = spawnSync('docker', ['pull', '--quiet', '--', ref], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, DOCKER_CONFIG: dir, DOCKER_HOST: `unix://${join(dir, 'no-daemon.sock')}`, DOCKER_CONTENT_TRUST: '0' },
  });
  if (/Cannot connect to the Docker daemon/.test(run.stderr)) return true;
  expect(run.stderr, ref).toMatch(/invalid|unsupported|must be lowercase|cannot specify 64-byte|repository name/i);
  return false;
}

// Where netreq is stricter than Docker, and why.
const STRICTER: Readonly<Record<string, string>> = {
  'registry.k8s.io:99999/pause': 'a port beyond 65535 cannot be dialled; Docker checks only that it is digits',
};

describe.skipIf(!hasDocker)('follow-the-pull 2: image references as the Docker CLI reads them', () => {
  it('follow-the-pull 2: Docker accepts every reference netreq accepts, and refuses every one netreq refuses (bar the stricter ones)', () => {
    const rows = [...GOOD.map(([ref]) => ref), ...BAD.map(([ref]) => ref)].filter((ref) => ref !== '');
    const disagree = rows.flatMap((ref) => {
      const ours = !('problem' in readImageRef(ref));
      const docker = dockerAccepts(ref);
      if (ours === docker) return [];
      return [`${ref}: netreq ${ours ? 'accepts' : 'refuses'}, docker ${docker ? 'accepts' : 'refuses'}${STRICTER[ref] !== undefined ? ` (stricter: ${STRICTER[ref]})` : ''}`];
    });
    expect(disagree.filter((line) => !line.includes('(stricter:'))).toEqual([]);
    expect(disagree).toHaveLength(Object.keys(STRICTER).length);
  });
});
