// The same work by the tools administrators use (Debian's pdsh 2.34, its ssh module): pdcp copies
// the single file to every node; one pdsh starts `netreq listen` on every node and prints their
// tokens; a second pdsh runs `netreq check` on every node with every other node as a peer (each
// node drops itself from the list by its own address in SSH_CONNECTION); a third stops the
// listeners and removes the copies. Timed from pdcp's start to the last pdsh's end. The reports
// come back as pdsh prints them (each line prefixed with its host) and are read afterwards, only
// to hold that the work was done: pdsh itself merges and judges nothing.
import type { FleetLab } from '../../test/harness/fleet-lab.js';
import { inNamespace, startTimed, tail, type TimedProcess, type TimedResult } from './fleet-exec.js';
import { FLEET_ROLE, NODE_LIMIT_S, nodeOutcome, RUN_DEADLINE_MS, siteFlags, type NodeOutcome } from './fleet-work.js';
import { SINGLE_FILE } from './single-file.js';

export interface PdshRun {
  readonly wallMs: number;
  readonly nodes: readonly NodeOutcome[];
}

/** How long a listener may live if the bench dies before the third pdsh stops it. */
const LISTEN_DURATION_S = 300;

/** `HOST: text` lines of pdsh's output, grouped by host (pdsh prefixes every line it prints). */
export function linesByHost(output: string, hosts: readonly string[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>(hosts.map((h) => [h, []]));
  for (const line of output.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    grouped.get(line.slice(0, colon))?.push(line.slice(colon + 2));
  }
  return grouped;
}

/** The remote check: the same on every node; each node leaves itself out of the peers. */
export function checkCommand(dir: string, flags: readonly string[], peers: readonly string[]): string {
  return [
    'set -- $SSH_CONNECTION; me=$3; peers=;',
    `for p in ${peers.join(' ')}; do case $p in "$me":*) ;; *) peers="$peers --peer $p" ;; esac; done;`,
    `exec node ${dir}/netreq.mjs check --role ${FLEET_ROLE} ${flags.join(' ')} --format json $peers`,
  ].join(' ');
}

export async function runPdshSequence(lab: FleetLab, nodes: readonly string[]): Promise<PdshRun> {
  const dir = lab.commonTmp;
  if (dir === undefined) throw new Error('the pdsh side needs the lab made with commonTmp');
  const started = performance.now();
  const deadlineAt = Date.now() + RUN_DEADLINE_MS;
  const env = { PDSH_SSH_ARGS_APPEND: `-F ${lab.config}` };
  const tool = (name: 'pdsh' | 'pdcp', args: readonly string[], onStdout?: (text: string) => void): TimedProcess =>
    startTimed(...inNamespace(lab.installer.name, name, ['-R', 'ssh', '-w', nodes.join(','), ...(name === 'pdsh' ? ['-u', String(NODE_LIMIT_S)] : []), ...args]), {
      deadlineMs: Math.max(1, deadlineAt - Date.now()), env, ...(onStdout !== undefined ? { onStdout } : {}),
    });
  const ok = (what: string, result: TimedResult, codes: readonly number[] = [0]): TimedResult => {
    if (result.code === null || !codes.includes(result.code)) throw new Error(`${what}: ${tail(result)}`);
    return result;
  };

  ok('pdcp', await tool('pdcp', [SINGLE_FILE, dir]).done);

  const peers = new Map<string, string>();
  let partial = '';
  let heardAll: () => void = () => undefined;
  const allListening = new Promise<void>((resolve) => (heardAll = resolve));
  const listen = tool('pdsh', [`echo $$ > ${dir}/listen.pid; exec node ${dir}/netreq.mjs listen --role ${FLEET_ROLE} --product runai --duration ${LISTEN_DURATION_S}`], (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const found = /^(\S+): .*--peer (\S+)$/.exec(line);
      if (found?.[1] !== undefined && found[2] !== undefined && nodes.includes(found[1])) peers.set(found[1], found[2]);
    }
    if (peers.size === nodes.length) heardAll();
  });
  try {
    const ended = await Promise.race([allListening.then(() => undefined), listen.done]);
    if (ended !== undefined) throw new Error(`pdsh listen ended before every node listened (${peers.size} of ${nodes.length}): ${tail(ended)}`);
    // exit 1: a finding failed (the lab's catalog hosts have no DNS records); pdsh passes the largest code on with -S only.
    const check = ok('pdsh check', await tool('pdsh', [checkCommand(dir, siteFlags(lab), [...peers.values()])]).done, [0, 1]);
    ok('pdsh stop', await tool('pdsh', [`kill $(cat ${dir}/listen.pid); rm -f ${dir}/netreq.mjs ${dir}/listen.pid`]).done);
    await listen.done;
    const wallMs = performance.now() - started;
    const outcomes = [...linesByHost(check.stdout, nodes)].map(([node, lines]) => {
      let report: unknown;
      try {
        report = JSON.parse(lines.join('\n'));
      } catch {
        throw new Error(`pdsh check: no report from ${node}: ${tail(check)}`);
      }
      const outcome = nodeOutcome(node, report, nodes);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    });
    return { wallMs, nodes: outcomes };
  } finally {
    listen.stop();
  }
}
