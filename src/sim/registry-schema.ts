import { z } from 'zod';

/**
 * The registries part of a site spec (`site.registries`): what a simulated registry serves and how
 * it fails, keyed by its host name. Every registry a catalog rule names answers pulls without
 * being listed here; list one to change it, or to declare a registry of the site's own.
 */

const hostName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/, 'a host name such as cdn.registry.example');

/** A Harbor project's name (lower case, as Harbor requires). */
const projectName = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'a Harbor project name such as dockerhub (lower case letters, digits, . _ -)');

/** A registry as an image reference names it: `docker.io`, `nvcr.io`, `registry.corp:5000`. */
const registryRef = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d{1,5})?$/, 'a registry such as docker.io or nvcr.io (lower case, an optional :PORT)');

/** `repository[:tag]` (latest when no tag), as in an image reference without the registry. */
export const RepositoryTag = z
  .string()
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/, 'repository[:tag] such as library/busybox:1.37 (the registry is the key above)');

export const RegistrySpec = z
  .object({
    /** Images it serves besides the catalog's probe images for it. */
    images: z.array(RepositoryTag).default([]),
    /** Images it answers 404 MANIFEST_UNKNOWN for, the catalog's included. */
    missing: z.array(RepositoryTag).default([]),
    /** A registry that needs a login: only these credentials get a token. */
    credentials: z.object({ user: z.string().min(1), password: z.string().min(1) }).strict().optional(),
    /** Blob requests are redirected to this host instead of the registry's usual layer host. */
    layerHost: hostName.optional(),
    /** A layer download sends its headers and this many bytes, then nothing more (a stall). */
    stallLayer: z
      .object({ afterBytes: z.number().int().min(0).max(1_024).default(512) })
      .strict()
      .optional(),
    /**
     * The registry is a Harbor (its token service at /service/token): `proxyCache` maps each
     * proxy-cache project to the registry it caches, whose probe images it serves under
     * `/v2/PROJECT/REPOSITORY` with the upstream's digests.
     */
    harbor: z.object({ proxyCache: z.record(projectName, registryRef).default({}) }).strict().optional(),
  })
  .strict()
  .superRefine((registry, ctx) => {
    const served = new Set(registry.images.map(withTag));
    for (const [index, image] of registry.missing.entries()) {
      if (served.has(withTag(image))) ctx.addIssue({ code: 'custom', message: `'${image}' is both served (images) and missing`, path: ['missing', index] });
    }
  });
export type RegistrySpec = z.infer<typeof RegistrySpec>;

export const Registries = z.record(hostName, RegistrySpec).default({});

/** `repository:tag`, with `latest` when no tag is given. */
export function withTag(image: string): string {
  return /:[^/]*$/.test(image) ? image : `${image}:latest`;
}
