import { ENV_ROOT_VARIABLE } from '../execute-run.js';
import { resolve } from 'node:path';
import { loadCatalog } from '../../catalog/index.js';
import { loadAnswers, TopologyError, type TopologyInput } from '../../topology/index.js';
import type { WizardOptions, WizardOutcome } from '../../ui/index.js';
import { allowOnly, type Flags, type ParsedArgs } from '../args.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { fieldReaders, networkFrom, proxySettingsFrom, registryAuthFrom } from '../site-input.js';
import { wizardServices, type WizardSite } from '../wizard-services.js';
import { parsePeerFlags } from '../peers.js';
import { useColor } from '../color.js';
import { checkOutputFlags } from '../redaction.js';
import { runLimits } from './check.js';
import type { Command } from './types.js';

const NO_TERMINAL = `netreq: the wizard needs a terminal to ask its questions.
Without one, give the answers as flags or a file:
  netreq check --product runai --role installer --headnode bcm01 --control-plane cp.example.com
  netreq check --answers site.yaml
See 'netreq check --help'.
`;

export interface WizardStart {
  readonly site: WizardSite;
  readonly initial?: TopologyInput;
  readonly title?: string;
}

/** Runs the wizard (Ink, or plain prompts for --plain and dumb terminals) and turns its outcome into an exit code. */
export async function startWizard(start: WizardStart, flags: Flags, io: CliIo): Promise<number> {
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    io.stderr.write(NO_TERMINAL);
    return EXIT.usage;
  }
  const catalog = loadCatalog();
  const { saveRunBundle, ...services } = wizardServices(catalog, start.site, io, flags);
  const options: WizardOptions = {
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    color: useColor(flags, io),
    env: io.env,
    regions: catalog.regions,
    editions: catalog.editions,
    signal: io.signal,
    ...(start.initial ? { initial: start.initial } : {}),
    ...(start.title !== undefined ? { title: start.title } : {}),
    ...services,
  };
  const plain = flags.plain === true || io.env['TERM'] === 'dumb';
  // Ink writes only the last frame when CI is set (read once, when Ink loads); a person at this
  // terminal needs every frame, so the real process's CI flag is cleared before Ink is loaded.
  if (!plain && io.env === process.env && (process.env['CI'] ?? '') !== '') process.env['CI'] = '0';
  // Loaded on demand: `--version`, `rules` and `check` never pay for Ink or the prompts.
  const outcome: WizardOutcome = plain
    ? await (await import('../../ui/plain/index.js')).runPlainWizard(options)
    : await (await import('../../ui/index.js')).runWizard(options);
  if (outcome.report && flags.bundle !== undefined) {
    const saved = await saveRunBundle(outcome.report, flags.bundle);
    io.stderr.write(`netreq: ${saved.text}\n`);
    if (!saved.ok && !outcome.interrupted) return EXIT.usage;
  }
  if (outcome.interrupted) return EXIT.interrupted;
  if (!outcome.report) return EXIT.ok;
  return exitCodeFor(outcome.report.findings, outcome.report.interrupted);
}

const HELP = `netreq: the wizard. Asks about the site, checks every rule that applies, explains each failure.

  netreq [--answers FILE] [--proxy URL] [--ca-file PEM] [--dns-server IP] [--peer HOST[:ROLE][#TOKEN]] [--plain] [--no-color]

It needs a terminal; --plain asks line by line (serial consoles, screen readers).
--peer adds the checks towards a peer running 'netreq listen', as 'netreq check --peer' does.
Without a terminal, use 'netreq check'. 'netreq demo' runs it against a simulated site.
`;

const ALLOWED = ['answers', 'peer', 'proxy', 'no-proxy', 'ca-file', 'dns-server', 'timeout', 'max-time', 'concurrency', 'plain', 'no-color', 'bundle', 'redact', 'registry-auth'] as const satisfies readonly (keyof Flags)[];

export const wizardCommand: Command = {
  name: 'wizard',
  summary: 'asks, checks, explains',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    const { flags } = args;
    allowOnly('netreq', flags, ALLOWED);
    checkOutputFlags(flags, io);
    let initial: TopologyInput | undefined;
    try {
      initial = flags.answers !== undefined ? loadAnswers(resolve(io.cwd, flags.answers), fieldReaders(io.cwd)) : undefined;
    } catch (error: unknown) {
      if (error instanceof TopologyError) throw new UsageError(error.message);
      throw error;
    }
    const network = networkFrom(flags, io);
    const peers = parsePeerFlags(flags.peer ?? [], io);
    const site: WizardSite = { network, proxyFor: (topology) => proxySettingsFrom(flags, io.env, topology), limits: runLimits(flags, undefined, io), peers, registryAuth: registryAuthFrom(flags, io, io.env[ENV_ROOT_VARIABLE] ?? '/') };
    return startWizard({ site, ...(initial ? { initial } : {}) }, flags, io);
  },
};
