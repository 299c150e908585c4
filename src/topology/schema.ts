import { z } from 'zod';
import { Product, Role } from '../vocabulary/index.js';
import { readImageRef } from '../image-ref.js';

export const Workload = z.enum(['training', 'inference', 'both']);
export type Workload = z.infer<typeof Workload>;

export const Cni = z.enum(['calico', 'cilium', 'flannel', 'other']);
export type Cni = z.infer<typeof Cni>;

const hostname = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9*_.:[\]-]+$/, 'a host name or address');

export const ProxySettings = z
  .object({
    /** http://[user[:password]@]host:port; the password never leaves the process. */
    url: z.string().url(),
    noProxy: z.string().default(''),
  })
  .strict();
export type ProxySettings = z.infer<typeof ProxySettings>;

/** Another machine of the site, checked with `--peer HOST[:ROLE][#TOKEN]` while it runs `netreq listen`. */
export const Peer = z
  .object({
    host: hostname,
    roles: z.array(Role).min(1),
    /** The token its `netreq listen` printed: proves the answer came from that listener. No secret (hence not named "token", which redaction masks). */
    listenerId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'the token netreq listen printed').optional(),
  })
  .strict();
export type Peer = z.infer<typeof Peer>;

/** How many images of its own a site may name (`--image`): enough for every registry it uses. */
export const MAX_SITE_IMAGES = 100;

/** An image reference as Docker reads it (src/image-ref.ts), kept as written. */
const imageRef = z.string().superRefine((ref, ctx) => {
  const read = readImageRef(ref);
  if ('problem' in read) ctx.addIssue({ code: 'custom', message: read.problem });
});

/** How many mirrors a site may plan (`--mirror`): one or two per registry it uses. */
export const MAX_SITE_MIRRORS = 64;

/** `REGISTRY=URL[,ca=FILE]`, bounded here; the mirror reader (src/host, the front end's FieldReaders) reads it. */
const mirrorLine = z.string().min(1).max(2048);

/** One object whatever the front end: wizard, answers file or flags. */
export const Topology = z
  .object({
    products: z.array(Product).min(1),
    roles: z.array(Role).min(1),
    bcm: z
      .object({ enabled: z.boolean().default(false), headnodes: z.array(hostname).default([]) })
      .strict()
      .default({ enabled: false, headnodes: [] }),
    controlPlane: z
      .object({
        /** The name the cluster uses to reach its control plane; the cluster's own FQDN when co-located. */
        fqdn: hostname.optional(),
        coLocated: z.boolean().default(false),
      })
      .strict()
      .default({ coLocated: false }),
    proxy: ProxySettings.optional(),
    workload: Workload.default('both'),
    region: z
      .object({ name: z.string().regex(/^[a-z0-9]+$/, 'a lower-case Azure region such as eastus'), code: z.string().optional() })
      .strict()
      .optional(),
    /** Concrete names for wildcard hosts: pattern -> names. */
    wildcards: z.record(z.string(), z.array(hostname)).default({}),
    /** The cluster's prerequisite components come from their public registries. */
    prereqs: z.boolean().default(false),
    cni: Cni.optional(),
    /** The Azure Arc gateway's name (`<prefix>.gw.arc.azure.com`) when the cluster connects through one. */
    arcGateway: hostname.optional(),
    /** The machines whose inbound and internal rules this run checks (`--peer`). */
    peers: z.array(Peer).optional(),
    /**
     * The platform version each product installs (`--runai-version 2.22`), or an edition id of
     * catalog/editions.yaml (`runai-bcm-guide`); absent: the newest edition.
     */
    versions: z
      .object({
        runai: z.string().regex(/^(\d+\.\d+(\.\d+)?|[a-z0-9.-]+)$/, 'a version such as 2.22 or an edition id').optional(),
        'azureml-arc': z.string().regex(/^(\d+\.\d+(\.\d+)?|[a-z0-9.-]+)$/, 'a version such as 1.1 or an edition id').optional(),
      })
      .strict()
      .optional(),
    /** The site's own images (`--image REF`), pulled besides each registry rule's probe image. */
    images: z.array(imageRef).max(MAX_SITE_IMAGES, `at most ${MAX_SITE_IMAGES} images`).optional(),
    /**
     * Registry mirrors planned for the container runtime (`--mirror`), each `REGISTRY=URL[,ca=FILE]`
     * as the flag takes it; read in full by src/host's mirror reader (the front end's FieldReaders).
     */
    mirrors: z.array(mirrorLine).max(MAX_SITE_MIRRORS, `at most ${MAX_SITE_MIRRORS} mirrors`).optional(),
    /** The site's chart repository in place of the vendor's (`--helm-repo`): https://... (its index.yaml) or oci://REGISTRY/PATH. */
    helmRepo: z.string().trim().min(1).max(2048).optional(),
    /** A file of the images the install needs, one reference a line (`--image-list`): each is looked up on the registry the runtime uses. */
    imageList: z.string().trim().min(1).max(4096).optional(),
  })
  .strict();
export type Topology = z.infer<typeof Topology>;
export type TopologyInput = z.input<typeof Topology>;
