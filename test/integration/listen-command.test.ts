// netreq listen prints the check line another machine runs: that line must run as printed.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createNamespace, describeWithDeps } from '../harness/index.js';
import { commandProblem } from '../cli/command-accepted.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));

describeWithDeps('the check line netreq listen prints', ['ip'], () => {
  it.each([
    [['--role', 'k8s-node', '--cni', 'calico'], ['--product runai', '--product azureml-arc', '--cni calico']],
    [['--role', 'system-node', '--product', 'runai'], ['--product runai']],
  ])('field-ready 19: listen %j prints a check line netreq accepts, with its products', async (flags, parts) => {
    const ns = await createNamespace();
    try {
      const run = await ns.exec(process.execPath, [BIN, 'listen', ...flags, '--duration', '1'], { cwd: REPO, env: { NO_COLOR: '1' }, timeoutMs: 60_000 });
      expect(run.code, run.stderr).toBe(0);
      const line = /check it from another machine with:\n {2}(.+)\n/.exec(run.stdout)?.[1] ?? '';
      expect(line).toMatch(/^netreq check /);
      for (const part of parts) expect(line).toContain(part);
      expect(commandProblem(line)).toBeUndefined();
    } finally {
      await ns.destroy();
    }
  }, 90_000);
});
