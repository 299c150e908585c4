import { explain, type CauseCode } from '../knowledge/index.js';
import { hostPort } from '../probes/index.js';
import type { Finding, Route } from '../schema/index.js';
import type { ImageListGroup, ImageLookup } from './image-list-check.js';

// An image list's lookups judged: one finding per registry (or the mirror in its place), never one
// per image. The text names a few missing images; the full list is the finding's note, and the
// missing images' pull steps (up to a bound) are its evidence.

/** Images named in a finding's text; the rest are counted. */
export const NAMED_IN_TEXT = 5;
/** Pull steps kept as evidence: the first missing (or failed) ones. */
export const STEPS_KEPT = 20;

/** Outcomes that say the image (or its platform) is not on the registry, the path being fine. */
const MISSING = new Set(['manifest-unknown', 'platform-missing']);

function named(refs: readonly string[]): string {
  const shown = refs.slice(0, NAMED_IN_TEXT).join(', ');
  return refs.length > NAMED_IN_TEXT ? `${shown} and ${refs.length - NAMED_IN_TEXT} more` : shown;
}

/** The image list's finding for one registry: its key is `runtime:image-list.REGISTRY` (a host finding: never re-checked alone). */
export function imageListFinding(group: ImageListGroup, lookups: readonly ImageLookup[], via: Route): Finding {
  const at = hostPort(group.host, group.port);
  const where = group.mirrorSource !== undefined ? `${at} (the mirror of ${group.registry}, ${group.mirrorSource})` : at;
  const missing = lookups.filter((l) => l.step !== undefined && MISSING.has(l.step.outcome));
  const failed = lookups.filter((l) => l.step !== undefined && l.step.outcome !== 'pulled' && !MISSING.has(l.step.outcome));
  const unchecked = lookups.filter((l) => l.step === undefined);
  const base = {
    ruleIds: [`image-list.${group.registry}`],
    target: { host: group.host, port: group.port, transport: 'tcp' as const, scheme: group.scheme, via },
    source: 'runtime' as const,
  };
  const judged = (status: Finding['status'], cause: CauseCode, facts: Record<string, string>, list: readonly ImageLookup[], noteText: string): Finding => {
    const text = explain(cause, facts);
    return {
      ...base,
      status,
      cause,
      notes: [{ code: cause, text: noteText }],
      steps: list.flatMap((l) => (l.step ? [l.step] : [])).slice(0, STEPS_KEPT),
      explanation: text.explanation,
      remediation: text.remediation,
      verify: text.verify,
    };
  };
  if (missing.length > 0) {
    const refs = missing.map((l) => l.image.text);
    const variant = missing.every((l) => l.step?.outcome === 'platform-missing') ? { variant: 'platform' } : {};
    const facts = { registry: where, image: named(refs), code: `${missing.length} of ${lookups.length} listed images missing`, ...variant };
    return judged('fail', 'registry.image-missing', facts, missing, `Missing on ${at} (${missing.length} of ${lookups.length}): ${refs.join(', ')}`);
  }
  if (failed.length > 0) {
    const first = failed[0]?.step;
    const facts = { registry: where, image: named(failed.map((l) => l.image.text)), code: first?.code ?? first?.outcome ?? 'error', hops: first?.outcome ?? '' };
    return judged('warn', 'registry.pull-failed', facts, failed, `Not looked up on ${at} (${failed.length} of ${lookups.length}): ${failed.map((l) => `${l.image.text} (${l.step?.outcome ?? ''})`).join(', ')}`);
  }
  if (unchecked.length > 0) {
    const text = explain('check.time-limit', { host: group.host, port: String(group.port), step: 'image list' });
    const note = `Not looked up on ${at} before the run ended (${unchecked.length} of ${lookups.length}): ${unchecked.map((l) => l.image.text).join(', ')}`;
    return { ...base, status: 'skip', cause: 'check.time-limit', notes: [{ code: 'check.time-limit', text: note }], steps: [], explanation: text.explanation, remediation: text.remediation, verify: text.verify };
  }
  return { ...base, status: 'pass', notes: [], steps: [] };
}
