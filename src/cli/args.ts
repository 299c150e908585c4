import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

/** Every option of every command (DESIGN.md, Command line); each command rejects what it does not use. */
export const OPTIONS = {
  answers: { type: 'string' },
  product: { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  region: { type: 'string' },
  'region-code': { type: 'string' },
  'control-plane': { type: 'string' },
  'co-located': { type: 'boolean' },
  headnode: { type: 'string', multiple: true },
  prereqs: { type: 'boolean' },
  workload: { type: 'string' },
  wildcard: { type: 'string', multiple: true },
  proxy: { type: 'string' },
  'no-proxy': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
  'dns-server': { type: 'string', multiple: true },
  'connect-to': { type: 'string', multiple: true },
  scenario: { type: 'string' },
  'scenario-file': { type: 'string' },
  format: { type: 'string' },
  bundle: { type: 'string' },
  redact: { type: 'string', multiple: true },
  peer: { type: 'string', multiple: true },
  'peers-only': { type: 'boolean' },
  watch: { type: 'string' },
  from: { type: 'string' },
  cni: { type: 'string' },
  'runai-version': { type: 'string' },
  'arc-gateway': { type: 'string' },
  'azureml-arc-version': { type: 'string' },
  image: { type: 'string', multiple: true },
  'registry-auth': { type: 'string' },
  'no-pull': { type: 'boolean' },
  mirror: { type: 'string', multiple: true },
  'helm-repo': { type: 'string' },
  'image-list': { type: 'string' },
  edition: { type: 'string' },
  changes: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'max-time': { type: 'string' },
  concurrency: { type: 'string' },
  duration: { type: 'string' },
  // netreq fleet
  nodes: { type: 'string', multiple: true },
  'from-bcm': { type: 'boolean' },
  'from-kubernetes': { type: 'boolean' },
  'mesh-limit': { type: 'string' },
  'peer-sample': { type: 'string' },
  fanout: { type: 'string' },
  'node-timeout': { type: 'string' },
  sudo: { type: 'boolean' },
  'ssh-accept-new': { type: 'boolean' },
  'ssh-jump': { type: 'string' },
  'ssh-config': { type: 'string' },
  'single-file': { type: 'string' },
  executable: { type: 'string' },
  plain: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  all: { type: 'boolean' },
  reclassify: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Options = typeof OPTIONS;
type ValueOf<O> = O extends { type: 'string'; multiple: true }
  ? string[]
  : O extends { type: 'boolean'; multiple: true }
    ? boolean[]
    : O extends { type: 'string' }
      ? string
      : boolean;
export type Flags = { -readonly [K in keyof Options]?: ValueOf<Options[K]> };

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly flags: Flags;
}

/** Parses argv strictly: an unknown flag or a missing value is a UsageError naming it. */
export function parseArgv(argv: readonly string[]): ParsedArgs {
  // `--watch` takes an optional number of seconds: give it one when it stands alone.
  const normalised = argv.flatMap((arg, i) =>
    arg === '--watch' && !/^\d+$/.test(argv[i + 1] ?? '') ? ['--watch=30'] : [arg],
  );
  try {
    const { values, positionals } = parseArgs({
      args: normalised,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command, ...rest] = positionals;
    return { command, positionals: rest, flags: values as Flags };
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message.replace(/\. To specify a positional.*$/s, '')}\nRun 'netreq --help' for the options.`);
  }
}

/** Rejects flags a command does not take, so a typo never passes silently. */
export function allowOnly(command: string, flags: Flags, allowed: readonly (keyof Options)[]): void {
  const extra = (Object.keys(flags) as (keyof Options)[]).filter(
    (name) => flags[name] !== undefined && !allowed.includes(name) && name !== 'help',
  );
  if (extra.length > 0) {
    throw new UsageError(
      `'netreq ${command}' does not take ${extra.map((name) => `--${name}`).join(', ')}.\nRun 'netreq ${command} --help' for its options.`,
    );
  }
}

/** A positive integer flag within [min, max], or a UsageError naming the flag, the value and the range. */
export function intFlag(name: string, value: string | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new UsageError(`--${name} expects a whole number of at least ${min}, got '${value}'.`);
  }
  if (parsed > max) throw new UsageError(`--${name} expects a whole number of at most ${max}, got '${value}'.`);
  return parsed;
}
