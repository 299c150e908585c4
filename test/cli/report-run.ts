import { runCli, type CliIo } from '../../src/cli/index.js';
import { readTar } from '../../src/report/index.js';
import { captureIo } from '../scenarios/run-scenario.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `netreq ARGS` in-process, stdout and stderr captured (no terminal: no colours, no progress line). */
export async function netreqIn(cwd: string, argv: readonly string[], env: CliIo['env'] = {}, signal: AbortSignal = new AbortController().signal): Promise<Run> {
  const { io, output } = captureIo(cwd, signal, env);
  const code = await runCli(argv, io);
  return { code, ...output() };
}

/** Every file of a bundle, decompressed, by its name inside the bundle's folder. */
export function bundleFiles(bytes: Buffer): Map<string, Buffer> {
  return new Map(readTar(bytes).map((f) => [f.name.replace(/^[^/]+\//, ''), f.content]));
}

/** A scenario file: JSON is YAML, and JSON.stringify escapes control characters the YAML way. */
export function scenarioText(scenario: Record<string, unknown>): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}
