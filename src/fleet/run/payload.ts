// What is copied to a node: the single .mjs where the node's Node.js can run it, else the
// standalone executable. Each is hashed once per run; the node checks the digest after the copy.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface Payload {
  readonly kind: 'mjs' | 'exe';
  readonly path: string;
  readonly sha256: string;
}

/** The oldest Node.js the single file runs on. */
export const MIN_NODE = [20, 18] as const;

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `v20.18.1` -> does it run the .mjs? Anything unparsable (no node: an empty string) does not. */
export function nodeRunsMjs(version: string): boolean {
  const match = /^v(\d+)\.(\d+)\./.exec(version.trim());
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

/** The payload for a node with this `node -v` (empty when it has none), or undefined when none fits. */
export function payloadFor(nodeVersion: string, payloads: { readonly mjs?: Payload; readonly exe?: Payload }): Payload | undefined {
  if (payloads.mjs !== undefined && nodeRunsMjs(nodeVersion)) return payloads.mjs;
  return payloads.exe;
}
