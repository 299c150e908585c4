// Records what a real server did, for OBSERVED.md: one JSON line per observation appended to
// $NETREQ_OBSERVED_OUT when set (`NETREQ_OBSERVED_OUT=/tmp/obs.jsonl npx vitest run test/integration`).
import { appendFileSync } from 'node:fs';

export function observe(label: string, data: unknown): void {
  const out = process.env['NETREQ_OBSERVED_OUT'];
  if (out === undefined || out === '') return;
  appendFileSync(out, `${JSON.stringify({ label, data })}\n`);
}
