import { z } from 'zod';
import { isCauseCode } from './cause-codes.js';

/** The causes a proxy's own error identity can mean (catalog/knowledge/squid-errors.yaml). */
const PROXY_CAUSES = ['proxy.denied', 'proxy.auth-required', 'proxy.dns-failed', 'proxy.upstream-failed'] as const;
export const ProxyCause = z.enum(PROXY_CAUSES, { error: `expected one of ${PROXY_CAUSES.join(', ')}` });
export type ProxyCause = z.infer<typeof ProxyCause>;

/** Squid error name (upper case, as squid writes it) -> its cause. */
export const SquidErrorsFile = z.record(
  z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected a squid error name in capitals, such as ERR_ACCESS_DENIED'),
  ProxyCause,
);

/** Errno number, as squid appends it to ERR_CONNECT_FAIL -> the sentence that explains it. */
const ERRNO_SENTENCE = 'expected a sentence explaining the errno';
export const ConnectErrnosFile = z.record(
  z.string().regex(/^[0-9]+$/, 'expected an errno number, such as "110"'),
  z.string({ error: ERRNO_SENTENCE }).min(1, ERRNO_SENTENCE),
);

/** Placeholder name -> the words standing in for missing evidence; empty drops the placeholder. */
export const PlaceholdersFile = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'expected a placeholder name such as host or digServer'),
  z.string({ error: 'expected the stand-in words (a string; empty drops the placeholder)' }),
);

/** Group name -> why it ranks where it does, and its causes, most important first (catalog/knowledge/cause-priority.yaml). */
export const CausePriorityFile = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a group name in lower case, such as unreachable-now'),
  z.object({
    why: z.string({ error: 'expected the reasoning: why this group ranks where it does' }).min(1, 'expected the reasoning: why this group ranks where it does'),
    causes: z
      .array(z.string().refine(isCauseCode, { error: (issue) => `'${String(issue.input)}' is not a cause code of catalog/remediations.yaml` }))
      .min(1, 'expected at least one cause code'),
  }, { error: 'expected why: and causes: [...]' }).strict(),
);

/** Family name -> the vendor it is and the domains (or host names) its services use (catalog/knowledge/host-families.yaml). */
export const HostFamiliesFile = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a family name in lower case, such as docker-hub'),
  z.object({
    title: z.string({ error: 'expected the family as people name it, such as Docker Hub' }).min(1),
    why: z.string({ error: 'expected why these hosts belong together' }).min(1),
    domains: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'expected a domain or host name in lower case')).min(1, 'expected at least one domain'),
  }, { error: 'expected title:, why: and domains: [...]' }).strict(),
);

/** What the classifier and the texts know about the world, read from catalog/knowledge/. */
export interface KnowledgeData {
  readonly squidErrors: ReadonlyMap<string, ProxyCause>;
  readonly connectErrnos: ReadonlyMap<string, string>;
  /** A record with no prototype: a name from a template never finds an Object method. */
  readonly placeholders: Readonly<Record<string, string>>;
  /** Cause code -> its rank when a target shows several problems: lower is more important. */
  readonly causeRank: ReadonlyMap<string, number>;
  /** Domain or host name -> the family of related hosts it belongs to (one vendor's registry, its CDN, its storage). */
  readonly hostFamilies: ReadonlyMap<string, { readonly name: string; readonly title: string }>;
}
