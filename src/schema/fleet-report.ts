// The fleet report (`netreq fleet`): every node's findings with the node named, a finding for each
// node that could not be checked, and root causes across nodes first. Versioned and validated like
// the Report (a saved fleet report is read back as untrusted input). A leaf schema, so that the
// renderers in src/report read it as they read the Report.
import { z } from 'zod';
import { Role } from '../vocabulary/index.js';
import { Finding, Status } from './finding.js';
import { Report, Summary } from './report.js';
import { RootCause } from './root-cause.js';

export const FLEET_REPORT_VERSION = 1;

export const FleetFinding = Finding.extend({
  /** The node it was checked from (or, for a node.* cause, the node it is about). */
  node: z.string(),
});
export type FleetFinding = z.infer<typeof FleetFinding>;

export const FleetNodeEntry = z.object({
  name: z.string(),
  roles: z.array(Role),
  address: z.string().optional(),
  origin: z.string(),
  /** `checked`: its Report came back (its findings are in the fleet's, named after it). */
  state: z.enum(['checked', 'not-checked']),
  cause: z.string().optional(),
  summary: Summary.optional(),
  /** Ports its listener could not open, with the error (EACCES without root). */
  notOpened: z.array(z.object({ port: z.number().int(), transport: z.enum(['tcp', 'udp']), code: z.string() })).default([]),
  /** The node's own root causes (its Report's), for the view of one node. */
  rootCauses: z.array(RootCause).default([]),
});
export type FleetNodeEntry = z.infer<typeof FleetNodeEntry>;

/** One cause shared by several nodes: "3 of 64 nodes cannot reach nvcr.io: gpu017, gpu018, gpu019, all in 10.1.7.0/24". */
export const FleetRootCause = z.object({
  code: z.string(),
  status: Status,
  title: z.string(),
  summary: z.string(),
  nodes: z.array(z.string()).min(1),
  targets: z.array(z.string()),
  /** The common subnet of the nodes' addresses (a /24 or /16), when they share one. */
  subnet: z.string().optional(),
  remediation: z.string(),
  verify: z.string().optional(),
});
export type FleetRootCause = z.infer<typeof FleetRootCause>;

export const FleetReport = z.object({
  kind: z.literal('fleet'),
  fleetVersion: z.literal(FLEET_REPORT_VERSION),
  tool: Report.shape.tool,
  startedAt: z.string(),
  finishedAt: z.string(),
  interrupted: z.boolean(),
  timedOut: z.boolean(),
  /** How peers were chosen (every other node, or a sample). */
  peers: z.string(),
  /** The site flags every node was checked with, credentials masked: what `fleet --from` checks with again. */
  site: z.array(z.string().max(4096)).max(512).optional(),
  nodes: z.array(FleetNodeEntry),
  rootCauses: z.array(FleetRootCause),
  findings: z.array(FleetFinding),
  summary: z.object({
    nodes: z.number().int(),
    checked: z.number().int(),
    notChecked: z.number().int(),
    failing: z.number().int(),
    findings: Summary,
  }),
});
export type FleetReport = z.infer<typeof FleetReport>;
