// The fleet tests' lab moved to the harness (test/harness/node-sshd.ts), which the bench shares.
import { builtSingleFile } from '../../harness/built.js';

export * from '../../harness/node-sshd.js';

/** The single .mjs a fleet run copies: the test run's one build (test/global-setup.ts); `_dir` is no longer used. */
export function singleFile(_dir: string): string {
  return builtSingleFile();
}
