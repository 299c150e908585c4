import { z } from 'zod';
import { CheckKind, Scheme, Transport } from '../schema/index.js';
import { Product, Region, Role } from '../vocabulary/index.js';
import { readImageRef } from '../image-ref.js';

export { Product, Region, Role };
export { Scheme, Transport, CheckKind };

export const Direction = z.enum(['outbound', 'inbound', 'internal']);
export type Direction = z.infer<typeof Direction>;

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

const portNumber = z.number().int().min(1).max(65535);

/** `443` or `"30000-32767"`, normalised to a range. */
export const PortSpec = z
  .union([
    portNumber,
    z.string().regex(/^\d{1,5}(-\d{1,5})?$/, 'a port such as 443 or a range such as 30000-32767'),
  ])
  .transform((value, ctx): PortRange => {
    if (typeof value === 'number') return { from: value, to: value };
    const [a, b] = value.split('-').map(Number);
    const from = a ?? 0;
    const to = b ?? from;
    if (from < 1 || to > 65535 || to < from) {
      ctx.addIssue({ code: 'custom', message: `port range ${value} must be within 1-65535 and ascending` });
      return z.NEVER;
    }
    return { from, to };
  });

export const Endpoint = z.object({
  /** Concrete (`pypi.org`), template (`{region}.api.azureml.ms`) or wildcard (`*.azurecr.io`). */
  host: z.string().min(1),
  port: PortSpec,
  scheme: Scheme,
  transport: Transport.default('tcp'),
  /** The path the application check requests (a Helm repository's index.yaml), where the host's `/` proves nothing. */
  path: z.string().regex(/^\//, 'a path starting with /').optional(),
});
export type Endpoint = z.infer<typeof Endpoint>;

/** Topology predicate: every key given must hold. */
export const When = z
  .object({
    workload: z.enum(['training', 'inference']).optional(),
    bcm: z.boolean().optional(),
    coLocated: z.boolean().optional(),
    prereqs: z.boolean().optional(),
    cni: z.array(z.string()).optional(),
    /** The cluster connects through an Azure Arc gateway (`--arc-gateway`): most of the Arc list is replaced by it. */
    arcGateway: z.boolean().optional(),
  })
  .strict();
export type When = z.infer<typeof When>;

export const SourceRef = z.object({
  doc: z.string().min(1),
  /** What this document states about the row (its section, its condition). */
  says: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/**
 * A small public image a registry rule's check can pull to follow a real pull past `/v2/` (token,
 * manifest, layers), and the page that shows the image and tag exist there.
 */
export const ProbeImage = z
  .object({
    ref: z.string().superRefine((ref, ctx) => {
      const read = readImageRef(ref);
      if ('problem' in read) ctx.addIssue({ code: 'custom', message: read.problem });
    }),
    source: z.string().regex(/^https:\/\/\S+$/, 'the https:// address of a page that shows this image and tag exist'),
    /** The registry serves the image only to a client that logs in (runai.jfrog.io). */
    needsCredentials: z.literal(true).optional(),
  })
  .strict();
export type ProbeImage = z.infer<typeof ProbeImage>;

export const Rule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a dotted lower-case id such as runai.registry'),
    product: Product,
    section: z.string().min(1),
    direction: Direction,
    from: z.array(Role).min(1),
    to: Endpoint,
    when: When.default({}),
    purpose: z.string().min(1),
    check: CheckKind.optional(),
    /** Where traffic for an inbound rule comes from, as the document states it (CIDRs). */
    sourceRanges: z.array(z.string()).optional(),
    sources: z.array(SourceRef).min(1),
    /** Present when netreq added the rule beyond the documents: why and where that is documented. */
    added: z.object({ reason: z.string().min(1), reference: z.string().min(1) }).strict().optional(),
    /** Present when the host is known to be retired; its failure is a warn. */
    retired: z.object({ reason: z.string().min(1) }).strict().optional(),
    /**
     * The editions of its product's requirements this rule belongs to (catalog/editions.yaml);
     * absent: every edition. A rule of the reference document that a newer edition no longer lists
     * names only the older editions.
     */
    editions: z.array(z.string().regex(/^[a-z0-9.-]+$/, 'an edition id of catalog/editions.yaml, such as runai-bcm-guide')).min(1).optional(),
    /** Guidance rules state a requirement that cannot be probed as a single endpoint. */
    guidance: z.string().optional(),
    /** Concrete names known to be real for a wildcard host (checked besides those the site gives), and where that is documented. */
    known: z
      .object({ names: z.array(z.string().regex(/^[a-z0-9.-]+$/, 'a concrete lower-case host name')).min(1), reference: z.string().min(1) })
      .strict()
      .optional(),
    /** Required on a `registry-v2` rule (src/catalog/lint.ts): the image its pull check asks for. */
    probeImage: ProbeImage.optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export const CatalogFile = z.array(Rule);

/** One edition of a product's requirements: the documents it follows and the platform versions it covers. */
export const Edition = z
  .object({
    id: z.string().regex(/^[a-z0-9.-]+$/, 'a lower-case edition id such as runai-2.22'),
    title: z.string().min(1),
    /** Platform versions (major.minor, e.g. "2.22") this edition covers; empty for a document without versions. */
    versions: z.array(z.string().regex(/^\d+\.\d+$/, 'a version such as 2.22')),
    sources: z.array(SourceRef).min(1),
  })
  .strict();
export type Edition = z.infer<typeof Edition>;

/** `catalog/editions.yaml`: each product's editions, oldest first. */
export const EditionsFile = z.record(Product, z.array(Edition).min(1));
export type EditionsFile = z.infer<typeof EditionsFile>;

/** `catalog/regions.yaml`: the region -> region code table of the Azure documents. */
export const RegionsFile = z
  .object({ source: z.array(SourceRef).min(1), regions: z.array(Region).min(1) })
  .strict();
export type RegionsFile = z.infer<typeof RegionsFile>;
