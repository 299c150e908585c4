import { z } from 'zod';
import { Role } from '../vocabulary/index.js';
import { RuntimeProxy } from './environment.js';
import { Finding } from './finding.js';
import { RootCause } from './root-cause.js';

/**
 * 2: each finding made by the classifier carries its `basis` (the target and the classifier's
 * context), and the report its `runtime` basis, so a saved report can be judged again. 1 is still
 * read, rendered, diffed and merged, but cannot be judged again.
 */
export const REPORT_SCHEMA_VERSION = 2;
/** The schema versions this version reads. */
export const REPORT_SCHEMA_VERSIONS = [1, 2] as const;

/**
 * What the container-runtime findings are judged from (src/diagnose/runtime-findings.ts): the
 * services' settings, the run's proxy (passwords masked) and NO_PROXY, the names that must go direct.
 */
export const RuntimeBasis = z.object({
  runtimes: z.array(RuntimeProxy),
  proxy: z.object({ httpsProxy: z.string().optional(), httpProxy: z.string().optional(), noProxy: z.string() }),
  direct: z.array(z.string()),
  siteFlags: z.string().optional(),
});
export type RuntimeBasis = z.infer<typeof RuntimeBasis>;

export const Elsewhere = z.object({
  ruleId: z.string(),
  fromRoles: z.array(Role),
  host: z.string(),
  port: z.string(),
  purpose: z.string(),
});
export type Elsewhere = z.infer<typeof Elsewhere>;

export const Summary = z.object({
  pass: z.number().int(),
  warn: z.number().int(),
  fail: z.number().int(),
  skip: z.number().int(),
  /** Targets the run did not finish (Ctrl-C, --max-time, a local limit); absent when it finished them all. */
  incomplete: z.number().int().optional(),
});
export type Summary = z.infer<typeof Summary>;

/** The edition of a product's requirements a run checked (catalog/editions.yaml), and why it was chosen. */
export const ReportEdition = z.object({
  product: z.string(),
  id: z.string(),
  title: z.string(),
  /** The version (or edition id) the site gave; absent when none was given and the newest applied. */
  asked: z.string().optional(),
  /** Why this edition: the site's answer, the newest for want of one, or the newest for a version newer than any listed. */
  chosen: z.enum(['answer', 'newest-default', 'newest-for-newer']),
  sources: z.array(z.object({ doc: z.string(), says: z.string().optional() })),
});
export type ReportEdition = z.infer<typeof ReportEdition>;

export const Report = z.object({
  schemaVersion: z.union([z.literal(1), z.literal(REPORT_SCHEMA_VERSION)]),
  tool: z.object({ name: z.literal('netreq'), version: z.string(), catalogVersion: z.string().optional() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  interrupted: z.boolean().default(false),
  /** Redacted. */
  topology: z.record(z.string(), z.unknown()),
  environment: z.record(z.string(), z.unknown()),
  /** Set when the run used a simulated site. */
  scenario: z.string().optional(),
  /** The edition of each product's requirements that was checked; absent in reports made before editions. */
  editions: z.array(ReportEdition).optional(),
  findings: z.array(Finding),
  /**
   * The fewest causes that explain the findings that did not pass (src/diagnose/root-causes), most
   * findings first; a finding none explains stands alone. Absent in reports made before them.
   */
  rootCauses: z.array(RootCause).optional(),
  elsewhere: z.array(Elsewhere),
  summary: Summary,
  /** What the container-runtime findings (`source: 'runtime'`) were judged from; schema 2, real nodes only. */
  runtime: RuntimeBasis.optional(),
  /**
   * What every finding's `basis.context` shares, kept once: the site's flags (with a thousand
   * wildcard names they are tens of kilobytes, once per finding they made a report ten times its size).
   */
  basisShared: z.object({ siteFlags: z.string().optional() }).optional(),
  /** Set by `report --reclassify`: the findings are this version's judgement of the saved observations. */
  reclassifiedBy: z.object({ version: z.string(), catalogVersion: z.string().optional() }).optional(),
});
export type Report = z.infer<typeof Report>;
