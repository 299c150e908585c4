import { REPORT_SCHEMA_VERSION, type Elsewhere, type Report, type ReportEdition, type RuntimeBasis } from '../schema/index.js';
import { runtimeFindingsOf } from './runtime-findings.js';
import { summarize } from '../report/index.js';
import type { Finding, Target } from '../schema/index.js';

/** The finished targets' findings in plan order; the unfinished are absent, never guessed. */
export function inPlanOrder(targets: readonly Target[], findings: ReadonlyMap<string, Finding>): Finding[] {
  return targets.flatMap((target) => {
    const finding = findings.get(target.key);
    return finding ? [finding] : [];
  });
}

export interface ReportInput {
  readonly version: string;
  readonly catalogVersion?: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly interrupted: boolean;
  /** Already redacted. */
  readonly topology: Record<string, unknown>;
  readonly environment: Record<string, unknown>;
  readonly scenario?: string;
  /** The edition of each product's requirements the run checked. */
  readonly editions?: readonly ReportEdition[];
  /** One per finished target, in plan order. */
  readonly findings: readonly Finding[];
  readonly elsewhere: readonly Elsewhere[];
  /**
   * A real node's container-runtime settings against the run's (`runtimeBasisOf`): kept in the
   * report, and its findings (`runtimeFindingsOf`) appended after the targets'.
   */
  readonly runtime?: RuntimeBasis;
}

/** The Report of DESIGN.md: one finding per checked target, in plan order, then the runtime findings. */
export function buildReport(input: ReportInput): Report {
  const findings = [...input.findings, ...(input.runtime !== undefined ? runtimeFindingsOf(input.runtime) : [])];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'netreq', version: input.version, ...(input.catalogVersion ? { catalogVersion: input.catalogVersion } : {}) },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    interrupted: input.interrupted,
    topology: input.topology,
    environment: input.environment,
    ...(input.scenario !== undefined ? { scenario: input.scenario } : {}),
    ...(input.editions !== undefined ? { editions: input.editions.map((e) => ({ ...e, sources: e.sources.map((s) => ({ ...s })) })) } : {}),
    findings,
    elsewhere: [...input.elsewhere],
    summary: summarize(findings),
    ...(input.runtime !== undefined ? { runtime: input.runtime } : {}),
  };
}
