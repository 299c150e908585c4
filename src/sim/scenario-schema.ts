import { z } from 'zod';
import { SiteSpec } from './schema.js';

/**
 * A scenario: a simulated site (scenarios/*.yaml). The topology is the answers a field engineer
 * would give; `site` is how the network behaves; `expect` is what netreq must find there.
 */

/** The finding statuses (the Report's), repeated here so the simulator does not import the engine. */
export const ExpectedStatus = z.enum(['pass', 'warn', 'fail', 'skip']);
export type ExpectedStatus = z.infer<typeof ExpectedStatus>;

/** A cause code such as `dns.nxdomain`; the loader checks it against the knowledge table. */
const causeCode = z.string().regex(/^[a-z]+\.[a-z]+(-[a-z]+)*$/, 'a cause code such as dns.nxdomain');

export const Expectation = z
  .object({
    status: ExpectedStatus,
    cause: causeCode.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.status === 'pass' && value.cause !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'a pass has no cause', path: ['cause'] });
    }
    if (value.status !== 'pass' && value.cause === undefined) {
      ctx.addIssue({ code: 'custom', message: `a ${value.status} names its cause (e.g. dns.nxdomain)`, path: ['cause'] });
    }
  });
export type Expectation = z.infer<typeof Expectation>;

/** A rule id (`runai.registry`) or a checked `host:port` (`pypi.org:443`). */
export const ExpectationKey = z
  .string()
  .regex(/^(?:[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+|[A-Za-z0-9*_.{}-]+:\d{1,5})$/, 'a rule id (runai.registry) or host:port (pypi.org:443)');

/** A root cause the run must produce; `explains` lists keys like `expect`'s, naming exactly the findings it explains. */
export const ExpectedRootCause = z
  .object({
    /** A root-cause code such as `root.dns-public-unresolved`; the loader checks it against the knowledge table. */
    code: z.string().regex(/^root\.[a-z0-9]+(-[a-z0-9]+)*$/, 'a root-cause code such as root.dns-public-unresolved'),
    explains: z.array(ExpectationKey).min(1).optional(),
  })
  .strict();
export type ExpectedRootCause = z.infer<typeof ExpectedRootCause>;

export const SCENARIO_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Scenario = z
  .object({
    /** kebab-case; a built-in scenario's file is `scenarios/NAME.yaml`. */
    name: z.string().regex(SCENARIO_NAME, 'a kebab-case name such as proxy-credentials-missing'),
    /** One line for `netreq scenarios`. */
    title: z.string().min(1).max(70),
    /** The story, a few sentences: what the field engineer meets and what netreq should find. */
    description: z.string().min(1),
    /** The answers, as in an `--answers` file; flags override them. Validated as a Topology by the loader. */
    topology: z.record(z.string(), z.unknown()),
    /** How the simulated network behaves (src/sim/schema.ts); anything not named is the healthy internet. */
    site: SiteSpec.default(SiteSpec.parse({})),
    /** Per-step timeout for this scenario (silent hosts cost one timeout each). */
    timeoutMs: z.number().int().min(50).max(60_000).optional(),
    /** Listed findings must match exactly; every other finding must be a pass or a skip. */
    expect: z.record(ExpectationKey, Expectation).default({}),
    /**
     * The root causes the run must produce, exactly (`[]`: none). Every built-in scenario has it;
     * a scenario of one's own may omit it, and root causes are then not compared.
     */
    rootCauses: z.array(ExpectedRootCause).optional(),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
