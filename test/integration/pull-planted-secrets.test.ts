// The planted-secret check for registry credentials: a real pull behind token auth with
// `--registry-auth`, and neither the password, nor its Basic form (base64 of user:password), nor
// any bearer token the token service issued appears in stdout, stderr, the JSON report or any byte
// of the `--bundle`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeWithDeps } from '../harness/deps.js';
import { imageFinding } from '../harness/pull-judge.js';
import { IMAGES, NAMES, USER, startPullSite, type PullSite } from '../harness/pull-site.js';
import { REGISTRY_BIN } from '../harness/registry.js';
import { useNamespace } from '../harness/use-namespace.js';

const BINS = [REGISTRY_BIN, 'containerd', 'ctr', 'ip', 'nft', 'dnsmasq', 'openssl'];

/** Each secret with a name for the failure message; a token also by its signature alone. */
function planted(tokens: readonly string[]): Record<string, string> {
  const secrets: Record<string, string> = {
    password: USER.password,
    basic: Buffer.from(`${USER.username}:${USER.password}`).toString('base64'),
  };
  tokens.forEach((token, i) => {
    secrets[`token ${i}`] = token;
    secrets[`token ${i} signature`] = token.split('.')[2] ?? token;
  });
  return secrets;
}

function leaks(where: string, text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets).filter(([, value]) => text.includes(value)).map(([name]) => `${name} in ${where}`);
}

describeWithDeps('follow-the-pull 1: planted secrets: registry credentials and the tokens they buy never leave netreq', BINS, () => {
  const env = useNamespace<{ site: PullSite }>({}, async (ns) => ({ site: await startPullSite(ns) }), 60_000);

  it('follow-the-pull 1: --registry-auth: no password, Basic value or bearer token in stdout, stderr, the JSON report or the bundle', async () => {
    const { site } = env();
    const before = site.tokens().length;
    const bundle = join(site.dir, 'support.tar.gz');
    const json = await site.netreq(IMAGES.index, { registryAuth: true, extra: ['-v', '--bundle', bundle] });
    const text = await site.netreq(IMAGES.index, { registryAuth: true, extra: ['-v', '--format', 'text'] });
    const tokens = site.tokens().slice(before);
    // The secrets were in play: the pulls bought tokens with the password and passed with them.
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(imageFinding(json)).toMatchObject({ status: 'pass', target: { host: NAMES.registry } });
    expect(text.stdout).toContain(NAMES.registry);
    const secrets = planted(tokens);
    const tar = gunzipSync(readFileSync(bundle)).toString('latin1');
    expect(tar).toContain('report.json');
    const found = [
      ...leaks('json stdout', json.stdout, secrets),
      ...leaks('json stderr', json.stderr, secrets),
      ...leaks('text stdout', text.stdout, secrets),
      ...leaks('text stderr', text.stderr, secrets),
      ...leaks('bundle', tar, secrets),
    ];
    expect(found).toEqual([]);
  }, 120_000);
});
