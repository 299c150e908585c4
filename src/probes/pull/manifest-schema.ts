import { z } from 'zod';

/** The fields of an OCI / Docker v2 manifest and index that a pull reads; the rest is ignored. */
export const Descriptor = z.object({
  mediaType: z.string().optional(),
  digest: z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/),
  size: z.number().int().nonnegative(),
});
export type Descriptor = z.infer<typeof Descriptor>;

export const Platform = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
});
export type Platform = z.infer<typeof Platform>;

export const IndexManifest = z.object({
  mediaType: z.string().optional(),
  manifests: z.array(Descriptor.extend({ platform: Platform.optional() })),
});
export type IndexManifest = z.infer<typeof IndexManifest>;

export const ImageManifest = z.object({
  mediaType: z.string().optional(),
  config: Descriptor,
  layers: z.array(Descriptor),
});
export type ImageManifest = z.infer<typeof ImageManifest>;

export const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
export const IMAGE_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
