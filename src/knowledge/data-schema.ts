import { z } from 'zod';

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

/** What the classifier and the texts know about the world, read from catalog/knowledge/. */
export interface KnowledgeData {
  readonly squidErrors: ReadonlyMap<string, ProxyCause>;
  readonly connectErrnos: ReadonlyMap<string, string>;
  /** A record with no prototype: a name from a template never finds an Object method. */
  readonly placeholders: Readonly<Record<string, string>>;
}
