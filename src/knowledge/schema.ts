import { z } from 'zod';

/** The shape of a cause or note code: `area.name`, e.g. `dns.nxdomain`, `tcp.family-partial`. */
export const CodeShape = z.string().regex(/^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/, 'a code such as dns.nxdomain');

/** Texts that replace the entry's own for one variant (the classifier's `variant` fact). */
export const RemediationVariant = z
  .object({
    title: z.string().min(1).optional(),
    explanation: z.string().min(1).optional(),
    remediation: z.string().min(1).optional(),
    verify: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
  })
  .strict();
export type RemediationVariant = z.infer<typeof RemediationVariant>;

/**
 * One entry of `catalog/remediations.yaml`, written for the person on-site. Texts hold
 * `{placeholders}` filled from the evidence.
 */
export const RemediationEntry = z
  .object({
    title: z.string().min(1),
    /** What is wrong and the likely cause. */
    explanation: z.string().min(1),
    /** What to do, and whom to ask. */
    remediation: z.string().min(1),
    /** A command to verify by hand: curl, openssl s_client, dig, nc, ssh. */
    verify: z.string().min(1),
    /** One line, when the code is a secondary note rather than the primary cause. */
    note: z.string().min(1).optional(),
    variants: z.record(z.string().regex(/^[a-z0-9.-]+$/), RemediationVariant).default({}),
  })
  .strict();
export type RemediationEntry = z.infer<typeof RemediationEntry>;

/** What a code means, filled in with the evidence. */
export interface Explained {
  readonly title: string;
  readonly explanation: string;
  readonly remediation: string;
  readonly verify: string;
}

/** A problem found while loading, naming the file and the code. */
export interface KnowledgeIssue {
  readonly file: string;
  readonly code?: string;
  readonly message: string;
  /** 1-based line, when the YAML parser knows it. */
  readonly line?: number;
}

export interface RemediationTable {
  readonly entries: ReadonlyMap<string, RemediationEntry>;
  readonly issues: readonly KnowledgeIssue[];
}
