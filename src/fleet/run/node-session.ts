// One node of a fleet run, in two halves the runner calls in turn: `startNode` (probe, copy with
// its digest checked, the agent started by the wrapper, its listener opened) and `checkNode` (the
// check with its peers, the Report back, validated). Every failure becomes a NodeFailure with
// its cause; nothing here throws for what a node or ssh does.
import { Report } from '../../schema/index.js';
import { AgentChannel, type ChannelEvent } from './agent-channel.js';
import type { AgentMessage } from './agent-protocol.js';
import type { NodeFailure } from './node-cause.js';
import { payloadFor, type Payload } from './payload.js';
import { COPY_SCRIPT, PROBE_SCRIPT, REMOVE_SCRIPT, RUN_SCRIPT, remoteCommand } from './remote-scripts.js';
import { sshArgv, type SshSettings } from './ssh-argv.js';
import { classifySshFailure, sshErrorLine } from './ssh-failure.js';
import { runSshProcess, type SshProcessResult } from './ssh-process.js';

export interface NodeRunSettings {
  readonly ssh: SshSettings;
  readonly payloads: { readonly mjs?: Payload; readonly exe?: Payload };
  readonly sudo: boolean;
}

export type Listening = Extract<AgentMessage, { t: 'listening' }>;

export interface LiveNode {
  readonly host: string;
  readonly channel: AgentChannel;
  readonly listening: Listening;
  readonly root: boolean;
  readonly payload: Payload;
}

export type StartResult = { readonly ok: true; readonly live: LiveNode } | { readonly ok: false; readonly failure: NodeFailure };
export type CheckResult = { readonly ok: true; readonly report: Report; readonly exit: number } | { readonly ok: false; readonly failure: NodeFailure };

const SMALL = { maxStdout: 4096, maxStderr: 64 * 1024 } as const;

function fail(cause: NodeFailure['cause'], detail: string): { ok: false; failure: NodeFailure } {
  return { ok: false, failure: { cause, detail } };
}

/** A failed ssh call's cause: ssh's own (255), the deadline, the abort, or `fallback` with the remote's words. */
function callFailure(result: SshProcessResult, what: string): NodeFailure {
  if (result.aborted) return { cause: 'node.interrupted', detail: `interrupted during ${what}` };
  if (result.timedOut) return { cause: 'node.timeout', detail: `no answer in time during ${what}` };
  return classifySshFailure(result.code, result.stderr) ?? { cause: 'node.failed', detail: `${what} exited ${result.code ?? 'on a signal'}: ${sshErrorLine(result.stderr)}` };
}

function eventFailure(event: ChannelEvent, what: string): NodeFailure {
  switch (event.kind) {
    case 'timeout':
      return { cause: 'node.timeout', detail: `no answer in time while ${what}` };
    case 'aborted':
      return { cause: 'node.interrupted', detail: `interrupted while ${what}` };
    case 'bad':
      return { cause: 'node.failed', detail: event.reason };
    case 'ended':
      return classifySshFailure(event.code, event.stderr) ?? { cause: 'node.failed', detail: `the agent ended (exit ${event.code ?? 'on a signal'}) while ${what}: ${sshErrorLine(event.stderr)}` };
    case 'message':
      return event.message.t === 'error'
        ? { cause: 'node.failed', detail: sshErrorLine(event.message.message) }
        : { cause: 'node.failed', detail: `unexpected '${event.message.t}' while ${what}` };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Removes a copy whose agent never started; its own short deadline, whatever the run's signal says. */
async function removeCopy(settings: NodeRunSettings, host: string, folder: string): Promise<void> {
  await runSshProcess({
    program: settings.ssh.ssh, args: sshArgv(settings.ssh, host, remoteCommand(REMOVE_SCRIPT, [folder])),
    deadlineMs: 5_000, signal: new AbortController().signal, ...SMALL,
  });
}

/** Probe, copy, wrapper, listener: the node is then listening and its agent waits for the check. */
export async function startNode(settings: NodeRunSettings, host: string, listenArgv: readonly string[], deadlineAt: number, signal: AbortSignal): Promise<StartResult> {
  const left = (): number => Math.max(1, deadlineAt - Date.now());
  const call = (command: string, stdinFile?: string): Promise<SshProcessResult> =>
    runSshProcess({ program: settings.ssh.ssh, args: sshArgv(settings.ssh, host, command), deadlineMs: left(), signal, stdinFile, ...SMALL });

  const probe = await call(remoteCommand(PROBE_SCRIPT, []));
  if (probe.code !== 0) return { ok: false, failure: callFailure(probe, 'the first connection') };
  const facts = /^netreq-fleet-probe node=(\S*) uid=(\d+) arch=(\S*)$/m.exec(probe.stdout);
  if (!facts) return fail('node.failed', 'the node did not answer the probe as a POSIX shell would');
  const payload = payloadFor(facts[1] ?? '', settings.payloads);
  if (payload === undefined) return fail('node.no-runtime', `Node.js ${facts[1] || '(none)'} on the node is older than 20.18 and no standalone executable was given (--executable)`);

  const copy = await call(remoteCommand(COPY_SCRIPT, [payload.sha256, payload.kind]), payload.path);
  if (copy.code !== 0) {
    if (copy.code === 5) return fail('node.no-exec', sshErrorLine(copy.stderr));
    if (copy.code === 4) return fail('node.failed', `the copy's digest did not match: ${sshErrorLine(copy.stderr)}`);
    return { ok: false, failure: callFailure(copy, 'the copy') };
  }
  const folder = /^netreq-fleet-copy (\/\S*\/netreq-fleet\.[A-Za-z0-9]+)$/m.exec(copy.stdout)?.[1];
  if (folder === undefined) return fail('node.failed', 'the node did not say where the copy is');
  if (signal.aborted) {
    await removeCopy(settings, host, folder);
    return fail('node.interrupted', 'interrupted after the copy');
  }

  const channel = new AgentChannel(settings.ssh.ssh, sshArgv(settings.ssh, host, remoteCommand(RUN_SCRIPT, [folder, payload.kind, settings.sudo ? 'sudo' : '-'])));
  const started = await channel.next(left(), signal);
  if (started.kind !== 'message' || started.message.t !== 'started') {
    channel.kill();
    await removeCopy(settings, host, folder);
    const failure = eventFailure(started, 'starting the agent');
    // The wrapper's own refusal to run the copy: a noexec mount under the standalone executable.
    return /Permission denied/.test(failure.detail) && failure.detail.includes(folder) ? fail('node.no-exec', failure.detail) : { ok: false, failure };
  }
  channel.send({ t: 'listen', argv: [...listenArgv] });
  const listening = await channel.next(left(), signal);
  if (listening.kind !== 'message' || listening.message.t !== 'listening') {
    channel.kill();
    return { ok: false, failure: eventFailure(listening, 'opening the listener') };
  }
  return { ok: true, live: { host, channel, listening: listening.message, root: started.message.root, payload } };
}

/** The check on a live node; its Report validated like any untrusted report. */
export async function checkNode(live: LiveNode, checkArgv: readonly string[], deadlineAt: number, signal: AbortSignal): Promise<CheckResult> {
  live.channel.send({ t: 'check', argv: [...checkArgv] });
  const answer = await live.channel.next(Math.max(1, deadlineAt - Date.now()), signal);
  if (answer.kind !== 'message' || answer.message.t !== 'report') return { ok: false, failure: eventFailure(answer, 'checking') };
  const parsed = Report.safeParse(answer.message.report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('node.failed', `the node's report is not a netreq report (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
  }
  return { ok: true, report: parsed.data, exit: answer.message.exit };
}
