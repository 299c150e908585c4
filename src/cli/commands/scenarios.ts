import { wrap } from '../../report/index.js';
import { DEFAULT_SCENARIO, loadScenarios, type LoadedScenario } from '../../sim/index.js';
import { allowOnly, type ParsedArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import type { Command } from './types.js';
import { compareText } from '../../compare-text.js';

const WIDTH = 80;

const HELP = `netreq scenarios: the built-in simulated sites

  netreq scenarios [--format text|json]

Each is a site a field engineer meets, simulated on loopback (no traffic leaves this machine):
  netreq demo NAME                  walk through it
  netreq check --scenario NAME      check it like a real site (flags override its answers)
Write your own with the format in scenarios/README.md and run it with --scenario-file FILE.
`;

/** The default scenario first, then by name. */
export function scenarioOrder(scenarios: readonly LoadedScenario[]): LoadedScenario[] {
  return [...scenarios].sort((a, b) => Number(b.name === DEFAULT_SCENARIO) - Number(a.name === DEFAULT_SCENARIO) || compareText(a.name, b.name));
}

/** Name, title and story of each scenario, wrapped to 80 columns. */
export function renderScenarioList(scenarios: readonly LoadedScenario[]): string {
  const blocks = scenarioOrder(scenarios).map((s) => {
    const name = s.name === DEFAULT_SCENARIO ? `${s.name}  (the default for 'netreq demo')` : s.name;
    return [name, ...wrap(s.title, WIDTH, '  '), ...wrap(s.description.trim(), WIDTH, '    ')].join('\n');
  });
  const head = `${scenarios.length} simulated sites. Run one with 'netreq demo NAME' or 'netreq check --scenario NAME'.`;
  return `${wrap(head, WIDTH).join('\n')}\n\n${blocks.join('\n\n')}\n`;
}

export const scenariosCommand: Command = {
  name: 'scenarios',
  summary: 'list the built-in simulated sites',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    const { flags } = args;
    allowOnly('scenarios', flags, ['format', 'no-color']);
    if (args.positionals.length > 0) throw new UsageError(`'netreq scenarios' takes no arguments, got '${args.positionals.join(' ')}'`);
    const format = flags.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format '${format}' is not a scenarios format; expected text or json`);
    const { scenarios, errors } = loadScenarios();
    if (format === 'json') {
      const rows = scenarioOrder(scenarios).map((s) => ({ name: s.name, title: s.title, description: s.description.trim(), default: s.name === DEFAULT_SCENARIO }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      io.stdout.write(renderScenarioList(scenarios));
    }
    for (const error of errors) io.stderr.write(`netreq: ${error}\n`);
    return errors.length > 0 ? EXIT.usage : EXIT.ok;
  },
};
