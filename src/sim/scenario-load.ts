import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseYamlSource, type YamlSource } from '../catalog/index.js';
import { dataFiles, type DataFile } from '../data/embedded.js';
import { isRootCauseCode, loadRemediations } from '../knowledge/index.js';
import { finishTopology, TopologyError, type TopologyInput } from '../topology/index.js';
import { Scenario } from './scenario-schema.js';
import { issueMessage } from './schema.js';
import { append } from '../append.js';

/** The scenario a newcomer meets first (`netreq demo`): several kinds of failure, each explained. */
export const DEFAULT_SCENARIO = 'several-failures';

/** A valid scenario, its topology checked as answers, and where it came from. */
export interface LoadedScenario extends Omit<Scenario, 'topology'> {
  readonly topology: TopologyInput;
  /** `scenarios/NAME.yaml`, or the path given to --scenario-file. */
  readonly source: string;
}

export type ParsedScenario = { readonly ok: true; readonly scenario: LoadedScenario } | { readonly ok: false; readonly errors: readonly string[] };

/** A scenario that cannot be found or read, or is invalid: the message lists every problem. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

function where(source: string, yaml: YamlSource, path: readonly PropertyKey[]): string {
  const line = yaml.lineOf(path);
  const field = path.length > 0 ? path.map(String).join('.') : '(top level)';
  return `${source}${line !== undefined ? `:${line}` : ''}: ${field}`;
}

let knownCauses: ReadonlySet<string> | undefined;
function causes(): ReadonlySet<string> {
  knownCauses ??= new Set(loadRemediations().entries.keys());
  return knownCauses;
}

/** Validates one scenario text; every error names the file, the line and the field path. */
export function parseScenario(text: string, source: string, preparsed?: unknown): ParsedScenario {
  const yaml = parseYamlSource(text, preparsed);
  if (yaml.errors.length > 0) {
    return { ok: false, errors: yaml.errors.map((e) => `${source}${e.line !== undefined ? `:${e.line}` : ''}: not valid YAML: ${e.message}`) };
  }
  const parsed = Scenario.safeParse(yaml.value);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${where(source, yaml, issue.path)}: ${issueMessage(issue)}`) };
  }
  const scenario = parsed.data;
  const errors: string[] = [];
  // A record of unknowns until finishTopology has validated it as answers; kept as input so flags can still override it.
  const topology = scenario.topology as TopologyInput;
  try {
    finishTopology(topology, { describe: (path) => where(source, yaml, ['topology', ...path]) });
  } catch (error: unknown) {
    if (!(error instanceof TopologyError)) throw error;
    append(errors, error.message.split('\n'));
  }
  for (const [key, expectation] of Object.entries(scenario.expect)) {
    if (expectation.cause !== undefined && !causes().has(expectation.cause)) {
      errors.push(`${where(source, yaml, ['expect', key, 'cause'])}: '${expectation.cause}' is not a cause code netreq knows (catalog/remediations.yaml)`);
    }
  }
  for (const [index, rootCause] of (scenario.rootCauses ?? []).entries()) {
    if (!isRootCauseCode(rootCause.code)) {
      errors.push(`${where(source, yaml, ['rootCauses', index, 'code'])}: '${rootCause.code}' is not a root-cause code netreq knows (src/knowledge/cause-codes.ts)`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scenario: { ...scenario, topology, source } };
}

/** Values and errors together: every valid built-in scenario, and every problem of every file. */
export function loadScenarios(files: readonly DataFile[] = dataFiles('scenarios')): { scenarios: LoadedScenario[]; errors: string[] } {
  const scenarios: LoadedScenario[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const parsed = parseScenario(file.text, file.path, file.value);
    if (!parsed.ok) {
      append(errors, parsed.errors);
      continue;
    }
    const expected = basename(file.path).replace(/\.ya?ml$/, '');
    if (parsed.scenario.name !== expected) {
      errors.push(`${file.path}: name: '${parsed.scenario.name}' must be the file's name, '${expected}'`);
      continue;
    }
    scenarios.push(parsed.scenario);
  }
  return { scenarios, errors };
}

/** A built-in scenario by name; unknown names list the known ones. */
export function findScenario(name: string, files?: readonly DataFile[]): LoadedScenario {
  const all = files ?? dataFiles('scenarios');
  const file = all.find((f) => basename(f.path).replace(/\.ya?ml$/, '') === name);
  if (file === undefined) {
    const names = all.map((f) => basename(f.path).replace(/\.ya?ml$/, ''));
    throw new ScenarioError(`no scenario named '${name}'; the built-in ones are: ${names.join(', ')} (see 'netreq scenarios')`);
  }
  const { scenarios, errors } = loadScenarios([file]);
  const scenario = scenarios[0];
  if (scenario === undefined) throw new ScenarioError(errors.join('\n'));
  return scenario;
}

/** A scenario file from disk (`--scenario-file`). */
export function loadScenarioFile(path: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new ScenarioError(`${path}: cannot read the scenario file (${code})`);
  }
  const parsed = parseScenario(text, path);
  if (!parsed.ok) throw new ScenarioError(parsed.errors.join('\n'));
  return parsed.scenario;
}
