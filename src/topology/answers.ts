import { parseYamlSource } from '../yaml-source.js';
import { checkAnswersShape, readAnswersText } from './answers-limits.js';
import { TopologyError } from './errors.js';
import { checkReadFields, finishTopology, type FieldReaders, type Origin } from './finish.js';
import type { TopologyInput } from './schema.js';

/** Reads an answers file (YAML or JSON: the Topology's fields). Errors name the file, the field, what was expected and the line. */
/** The last file read: one run reads it for the topology and again for the secrets its proxy URL holds. */
let lastRead: { readonly path: string; readonly text: string; readonly answers: TopologyInput; readonly origin: Origin } | undefined;

/** `readers` read the file's mirrors and Helm repository in full (src/host's readers, given by the front end). */
export function loadAnswers(path: string, readers?: FieldReaders): TopologyInput {
  const text = readAnswersText(path);
  if (lastRead === undefined || lastRead.path !== path || lastRead.text !== text) lastRead = { path, text, ...parseAnswers(path, text) };
  if (readers !== undefined) checkReadFields(lastRead.answers, lastRead.origin, readers);
  return lastRead.answers;
}

/** The file's value when it is JSON: parsed natively (a YAML document of a long JSON file costs ~300 bytes per byte); lines are found on demand. */
function jsonValue(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseAnswers(path: string, text: string): { answers: TopologyInput; origin: Origin } {
  checkAnswersShape(path, text);
  const source = parseYamlSource(text, jsonValue(text));
  if (source.errors.length > 0) {
    throw new TopologyError(source.errors.map((e) => `${path}${e.line !== undefined ? `:${e.line}` : ''}: not valid YAML or JSON: ${e.message}`).join('\n'));
  }
  if (typeof source.value !== 'object' || source.value === null || Array.isArray(source.value)) {
    throw new TopologyError(`${path}: expected a mapping of topology fields (products, roles, ...)`);
  }
  const origin: Origin = {
    describe: (fieldPath) => {
      const line = source.lineOf(fieldPath);
      const field = fieldPath.length > 0 ? fieldPath.map(String).join('.') : '(top level)';
      return `${path}${line !== undefined ? `:${line}` : ''}: field '${field}'`;
    },
  };
  // Validated here so errors point into the file; returned as input so flags can still override it.
  return { answers: finishTopology(source.value as TopologyInput, origin), origin };
}
