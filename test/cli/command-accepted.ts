import { tmpdir } from 'node:os';
import { parseArgv, allowOnly } from '../../src/cli/args.js';
import { ALLOWED as CHECK_FLAGS, parseOutputFormat, runLimits } from '../../src/cli/commands/check.js';
import { ALLOWED as LISTEN_FLAGS } from '../../src/cli/commands/listen.js';
import { TOPOLOGY_FLAGS } from '../../src/cli/commands/rules.js';
import type { CliIo } from '../../src/cli/index.js';
import { parsePeerFlags } from '../../src/cli/peers.js';
import { parseDnsServer, proxySettingsFrom, topologyFrom } from '../../src/cli/site-input.js';
import { splitWords } from '../../src/host/index.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

/**
 * Why netreq would refuse this printed command line before doing anything, or undefined when it
 * takes it: netreq's own argument parser, the command's own flag list and the same checks of
 * the site's flags that `check`, `rules` and `listen` make first. Nothing is run, nothing opened.
 * `FILE`-style arguments (`--answers site.yaml`) are read from `cwd`.
 */
export function commandProblem(line: string, cwd: string = tmpdir()): string | undefined {
  const words = splitWords(line.trim());
  if (words[0] !== 'netreq') return `not a netreq command: ${line}`;
  const io = { cwd, env: {} } as unknown as CliIo; // only cwd and env are read by these checks
  try {
    const args = parseArgv(words.slice(1));
    const command = args.command ?? 'wizard';
    if (!(command in COMMANDS)) return `unknown command '${command}'`;
    const { flags } = args;
    if (command === 'check') {
      allowOnly('check', flags, CHECK_FLAGS);
      if (args.positionals.length > 0) return `'netreq check' takes no arguments, got '${args.positionals.join(' ')}'`;
      parseOutputFormat(flags.format);
      runLimits(flags);
      if (flags.from !== undefined || flags.scenario !== undefined) return undefined;
      const topology = topologyFrom(flags, io);
      parsePeerFlags(flags.peer ?? [], io);
      proxySettingsFrom(flags, {}, topology);
      for (const server of flags['dns-server'] ?? []) parseDnsServer(server);
    } else if (command === 'rules') {
      allowOnly('rules', flags, [...TOPOLOGY_FLAGS, 'format', 'all', 'from', 'edition', 'changes']);
      if (flags.changes !== undefined) return flags.changes.length + args.positionals.length === 2 ? undefined : '--changes takes two editions';
      if (!flags.all && flags.from === undefined) topologyFrom(flags, io);
    } else if (command === 'listen') {
      allowOnly('listen', flags, LISTEN_FLAGS);
      topologyFrom({ product: ['runai'], ...flags }, io);
    }
    return undefined;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}
