import { wrap } from '../../report/index.js';
import { DEFAULT_SCENARIO, type LoadedScenario } from '../../sim/index.js';
import { allowOnly, type Flags, type ParsedArgs } from '../args.js';
import { demoWizard } from '../demo-wizard.js';
import { executeScenario } from '../execute-run.js';
import { UsageError, type CliIo } from '../io.js';
import { useColor } from '../color.js';
import { outputReport } from '../output-report.js';
import { checkOutputFlags } from '../redaction.js';
import { runLimits, scenarioFrom } from './check.js';
import type { Command } from './types.js';

const HELP = `netreq demo [SCENARIO]: netreq against a simulated site

  netreq demo                       the default scenario, ${DEFAULT_SCENARIO}: several kinds of failure
  netreq demo NAME                  another one (see 'netreq scenarios')
  netreq demo --scenario-file FILE  a scenario of your own (scenarios/README.md)
  --bundle FILE                     also write a support bundle (.tar.gz), as 'netreq check' does

The site runs on loopback: nothing leaves this machine, nothing needs root.
`;

const OUTRO = "This was a simulated site. More of them: 'netreq scenarios'. A real site: 'netreq', or 'netreq check --help'.";

const ALLOWED = ['scenario-file', 'timeout', 'no-color', 'plain', 'verbose', 'bundle', 'redact'] as const satisfies readonly (keyof Flags)[];

/**
 * On a terminal, the wizard against the scenario's site; without one (a pipe, CI), the story and
 * the check's text report, so the demo always shows something.
 */
export async function demo(scenario: LoadedScenario, io: CliIo, flags: Flags = {}): Promise<number> {
  if (io.stdin.isTTY && io.stdout.isTTY) return demoWizard(scenario, flags, runLimits(flags, scenario.timeoutMs, io), io);
  const story = [`Demo: ${scenario.title}`, ...wrap(scenario.description.trim(), 80, '  '), '', 'Checking the simulated site...', ''].join('\n');
  io.stdout.write(`${story}\n`);
  const { report } = await executeScenario(scenario, flags, runLimits(flags, scenario.timeoutMs, io), io);
  const code = await outputReport(report, { format: 'text', color: useColor(flags, io), flags }, io);
  io.stdout.write(`\n${wrap(OUTRO, 80).join('\n')}\n`);
  return code;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'netreq against a simulated site',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    const { flags } = args;
    allowOnly('demo', flags, ALLOWED);
    checkOutputFlags(flags, io);
    if (args.positionals.length > 1) throw new UsageError(`'netreq demo' takes one scenario name, got '${args.positionals.join(' ')}'`);
    const name = args.positionals[0];
    if (name !== undefined && flags['scenario-file'] !== undefined) throw new UsageError('give a scenario NAME or --scenario-file FILE, not both');
    const scenario = await scenarioFrom({ ...flags, ...(flags['scenario-file'] === undefined ? { scenario: name ?? DEFAULT_SCENARIO } : {}) }, io);
    if (scenario === undefined) throw new UsageError('no scenario to run');
    return demo(scenario, io, flags);
  },
};
