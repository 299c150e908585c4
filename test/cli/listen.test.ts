import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { netreqIn } from './diff-helpers.js';

// Only the refusals run here: a listener that starts opens the catalog's ports on every
// address, so that is tested inside a network namespace (test/integration/peers.test.ts).
describe('netreq listen refuses bad input before opening anything', () => {
  it.each([
    [['listen', '--role', 'workstation'], /no inbound or internal rule has a machine of role workstation/],
    [['listen'], /--role is required/],
    [['listen', '--role', 'k8s-node', '--duration', 'soon'], /--duration expects a whole number/],
    [['listen', '--role', 'k8s-node', '--cni', 'weave'], /--cni 'weave' is not known/],
    [['listen', '--role', 'k8s-node', '--peer', 'x'], /does not take --peer/],
    [['listen', '--role', 'k8s-node', 'extra'], /takes no arguments/],
  ])('%j', async (argv, message) => {
    const run = await netreqIn(tmpdir(), ...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('netreq check with --watch and --from', () => {
  it.each([
    [['check', '--from', 'r.json', '--role', 'k8s-node'], /--from takes the site from the report; --role/],
    [['check', '--scenario', 'x', '--watch', '5'], /cannot be used with a scenario/],
    [['check', '--from', 'missing.json'], /missing.json: cannot read it \(ENOENT\)/],
    [['check', '--product', 'runai', '--role', 'k8s-node', '--watch=often'], /--watch expects a whole number/],
    [['check', '--product', 'runai', '--role', 'k8s-node', '--watch', '0'], /--watch expects a whole number of at least 1/],
    [['check', '--product', 'runai', '--role', 'k8s-node', '--peer', 'a:b:c'], /--peer 'a:b:c'/],
  ])('%j is a clear usage error', async (argv, message) => {
    const run = await netreqIn(tmpdir(), ...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
