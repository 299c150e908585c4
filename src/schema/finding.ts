import { z } from 'zod';
import { CheckKind, Scheme, Transport } from './endpoint.js';
import { StepResult } from './observations.js';

export const Status = z.enum(['pass', 'warn', 'fail', 'skip']);
export type Status = z.infer<typeof Status>;

export const Route = z.enum(['direct', 'proxy']);
export type Route = z.infer<typeof Route>;

/** One concrete thing to check; several rules may share it. */
export const Target = z.object({
  /** `scheme://host:port/transport via route`, unique within a run. */
  key: z.string(),
  host: z.string(),
  /** The wildcard or template the host came from. */
  pattern: z.string().optional(),
  port: z.number(),
  transport: Transport,
  scheme: Scheme,
  via: Route,
  check: CheckKind,
  /** The path the application check requests, when the rule names one. */
  path: z.string().optional(),
  ruleIds: z.array(z.string()).min(1),
  /** Is the host the site's own (control plane, headnode): a private CA is fine there. */
  siteOwned: z.boolean(),
  /** A site host that belongs in NO_PROXY (co-located control plane, headnode); a remote control plane is site-owned but not this. */
  siteDirect: z.boolean().optional(),
  /** Every rule behind it is a retired host: failures are warnings. */
  retired: z.boolean(),
  /** Why the target cannot be checked as given (input.missing, input.wildcard-unresolved). */
  skip: z.object({ cause: z.enum(['input.missing', 'input.wildcard-unresolved']), detail: z.string() }).optional(),
  /** Set on the targets of a peer check (`--peer`): which way the rule goes, and the token its listener printed. */
  peer: z.object({ direction: z.enum(['inbound', 'internal']), listenerId: z.string().optional() }).optional(),
  /** How NO_PROXY matched, and where curl would decide otherwise. */
  proxyDecision: z.object({ matched: z.string().optional(), curlDiffers: z.string().optional() }).optional(),
});
export type Target = z.infer<typeof Target>;

export const Finding = z.object({
  ruleIds: z.array(z.string()),
  target: z.object({
    host: z.string(),
    pattern: z.string().optional(),
    port: z.number(),
    transport: Transport,
    scheme: Scheme,
    via: Route,
  }),
  status: Status,
  cause: z.string().optional(),
  /** Secondary observations worth knowing (a private answer, a resolver disagreement). */
  notes: z.array(z.object({ code: z.string(), text: z.string() })).default([]),
  steps: z.array(StepResult),
  explanation: z.string().optional(),
  remediation: z.string().optional(),
  /** The by-hand command that verifies the finding (curl, openssl s_client, dig). */
  verify: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;
export type FindingInput = z.input<typeof Finding>;
