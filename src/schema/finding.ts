import { z } from 'zod';
import { CheckKind, Scheme, Transport } from './endpoint.js';
import { StepResult } from './observations.js';

export const Status = z.enum(['pass', 'warn', 'fail', 'skip']);
export type Status = z.infer<typeof Status>;

export const Route = z.enum(['direct', 'proxy']);
export type Route = z.infer<typeof Route>;

/** An image a registry target pulls, and who named it: a missing catalog image is a warning, a missing site image a failure. */
export const PullImage = z.object({
  ref: z.string(),
  origin: z.enum(['catalog', 'user']),
  /** The registry serves it only to a client that logs in (the catalog says so). */
  needsCredentials: z.literal(true).optional(),
});
export type PullImage = z.infer<typeof PullImage>;

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
  /**
   * Why the target is not checked as given (input.missing, input.wildcard-unresolved; registry.via-mirror: the runtime
   * pulls it through a mirror; helm.via-site-repo: the site installs the charts from its own repository).
   */
  skip: z.object({ cause: z.enum(['input.missing', 'input.wildcard-unresolved', 'registry.via-mirror', 'helm.via-site-repo']), detail: z.string() }).optional(),
  /** Set on the targets of a peer check (`--peer`): which way the rule goes, and the token its listener printed. */
  peer: z.object({ direction: z.enum(['inbound', 'internal']), listenerId: z.string().optional() }).optional(),
  /** How NO_PROXY matched, and where curl would decide otherwise. */
  proxyDecision: z.object({ matched: z.string().optional(), curlDiffers: z.string().optional() }).optional(),
  /** A registry's images to pull after `/v2/` answers: the rule's probe image (`catalog`) and the site's own (`--image`). */
  pull: z.array(PullImage).optional(),
  /**
   * A host no rule lists that a pull was sent to (a layer redirect's target, a token realm):
   * checked like any target, because the registry that sent the pull there needs it.
   */
  discovered: z.object({ by: z.array(z.string()).min(1), purpose: z.enum(['layer', 'token', 'redirect']) }).optional(),
  /**
   * Whose connection this is, and so whose route it takes: `runtime` (containerd, CRI-O, Docker pulling
   * images: their service's proxy settings), `installer` (Helm, kubectl, curl: the shell's). Absent: installer.
   */
  client: z.enum(['runtime', 'installer']).optional(),
  /**
   * A registry mirror the container runtime pulls `of`'s images through (hosts.toml, registries.conf,
   * daemon.json, registries.yaml, --mirror): its API prefix, its own CA files, where it was configured.
   */
  mirror: z.object({
    of: z.string(),
    apiPath: z.string(),
    caFiles: z.array(z.string()),
    source: z.string(),
    runtime: z.string(),
    others: z.array(z.string()).optional(),
    /** The hosts the runtime tries next when this mirror fails, in its order: the other mirrors, then the upstream unless the configuration leaves it out. */
    fallbacks: z.array(z.object({ host: z.string(), port: z.number().int(), scheme: z.enum(['https', 'http']), apiPath: z.string(), caFiles: z.array(z.string()) })).optional(),
  }).optional(),
  /**
   * For a runtime client: whose settings routed it (`flag`: --proxy for every client; `runtime`: the
   * runtime's service environment; `shell`: no runtime here, the shell's stand in), the runtime's
   * proxy (redacted) when it has one, and the route the shell's settings would have taken.
   */
  runtimeRoute: z
    .object({ source: z.enum(['flag', 'runtime', 'shell']), runtime: z.string().optional(), proxy: z.string().optional(), shellVia: Route, shellProxy: z.string().optional() })
    .optional(),
});
export type Target = z.infer<typeof Target>;

/**
 * The classifier's context as data (src/diagnose/classify-types.ts `ClassifyContext` without its
 * `knowledge`, which is this version's, never the run's): saved with a finding so it can be judged again.
 */
export const JudgeContext = z.object({
  proxyConfigured: z.boolean(),
  /** Redacted: a password is never kept. */
  proxy: z.string().optional(),
  now: z.number().optional(),
  clockSkewSeconds: z.number().optional(),
  cutShort: z.enum(['check.interrupted', 'check.time-limit']).optional(),
  siteFlags: z.string().optional(),
  /** Issuers seen signing the leaves of several unrelated public names that no trusted root anchors: an interceptor's CA. */
  interceptors: z.array(z.string()).optional(),
});
export type JudgeContext = z.infer<typeof JudgeContext>;

/** What a check threw instead of finishing (a crash in netreq's code, or EMFILE-like local limits). */
export const Thrown = z.object({ code: z.string().optional(), message: z.string() });
export type Thrown = z.infer<typeof Thrown>;

/**
 * Everything the classifier read to make a finding, beside its steps: `classify(basis.target,
 * finding.steps, basis.context)` makes it again (`report --reclassify`). The steps hold the rest of
 * the evidence (TLS trust and anchor, the server's clock in the HTTP step).
 */
export const FindingBasis = z.object({
  target: Target,
  context: JudgeContext,
  thrown: Thrown.optional(),
});
export type FindingBasis = z.infer<typeof FindingBasis>;

export const Finding = z.object({
  ruleIds: z.array(z.string()),
  /** Where it was checked: the Target's endpoint and route. */
  target: Target.pick({ host: true, pattern: true, port: true, transport: true, scheme: true, via: true }),
  status: Status,
  cause: z.string().optional(),
  /** Secondary observations worth knowing (a private answer, a resolver disagreement). */
  notes: z.array(z.object({ code: z.string(), text: z.string() })).default([]),
  steps: z.array(StepResult),
  explanation: z.string().optional(),
  remediation: z.string().optional(),
  /** The by-hand command that verifies the finding (curl, openssl s_client, dig). */
  verify: z.string().optional(),
  /** What the classifier judged it from (report schema 2); absent from schema 1 reports and from findings made otherwise. */
  basis: FindingBasis.optional(),
  /**
   * `runtime`: a container-runtime finding (containerd, Docker, kubelet settings), made from the
   * report's `runtime` basis; judging the report again replaces these from it. `site`: a finding
   * about this machine judged from every target's observations together (its clock), made again
   * from the saved steps.
   */
  source: z.enum(['runtime', 'site']).optional(),
});
export type Finding = z.infer<typeof Finding>;
export type FindingInput = z.input<typeof Finding>;
