import { z } from 'zod';
import { Role } from '../vocabulary/index.js';
import { Finding } from './finding.js';

export const REPORT_SCHEMA_VERSION = 1;

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

export const Report = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('netreq'), version: z.string(), catalogVersion: z.string().optional() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  interrupted: z.boolean().default(false),
  /** Redacted. */
  topology: z.record(z.string(), z.unknown()),
  environment: z.record(z.string(), z.unknown()),
  /** Set when the run used a simulated site. */
  scenario: z.string().optional(),
  findings: z.array(Finding),
  elsewhere: z.array(Elsewhere),
  summary: Summary,
});
export type Report = z.infer<typeof Report>;
