import { IMAGE_TYPES, INDEX_TYPES, ImageManifest, IndexManifest, type Descriptor, type Platform } from './manifest-schema.js';

export type ParsedManifest =
  | { readonly kind: 'index'; readonly index: IndexManifest }
  | { readonly kind: 'image'; readonly image: ImageManifest }
  | { readonly kind: 'bad'; readonly reason: string };

/**
 * A manifest as containerd reads it: the media type from Content-Type, else the document's own
 * `mediaType`, else its shape (`manifests` is an index, `config` an image).
 */
export function parseManifest(body: Buffer, contentType: string | undefined): ParsedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'bad', reason: 'not JSON' };
  }
  if (!doc || typeof doc !== 'object') return { kind: 'bad', reason: 'not an object' };
  const declared = (contentType ?? '').split(';')[0]?.trim();
  const own = (doc as { mediaType?: unknown }).mediaType;
  const type = declared && (INDEX_TYPES.includes(declared) || IMAGE_TYPES.includes(declared)) ? declared : typeof own === 'string' ? own : undefined;
  const isIndex = type ? INDEX_TYPES.includes(type) : 'manifests' in doc;
  if (isIndex) {
    const index = IndexManifest.safeParse(doc);
    return index.success ? { kind: 'index', index: index.data } : { kind: 'bad', reason: 'index without valid manifests' };
  }
  const image = ImageManifest.safeParse(doc);
  return image.success ? { kind: 'image', image: image.data } : { kind: 'bad', reason: 'manifest without a valid config and layers' };
}

/** `os/architecture[/variant]` as a Platform; throws for a malformed one (a bad option, at the start). */
export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, extra] = text.split('/');
  if (!os || !architecture || extra !== undefined) throw new Error(`platform ${JSON.stringify(text)}: expected os/architecture[/variant]`);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** containerd's normalisation: arm64's variant v8 is the default, as is arm's v7. */
function variantOf(platform: Platform): string {
  const variant = platform.variant ?? '';
  if (platform.architecture === 'arm64' && variant === 'v8') return '';
  if (platform.architecture === 'arm' && variant === '') return 'v7';
  return variant;
}

/**
 * The index entry for the platform: os and architecture equal, and the variant equal when the
 * wanted platform names one (after containerd's normalisation); the first such entry, as
 * containerd's `platforms.Only` orders equal matches by index order.
 */
export function choosePlatform(index: IndexManifest, wanted: Platform): Descriptor | undefined {
  const want = variantOf(wanted);
  const candidates = index.manifests.filter((m) => m.platform && m.platform.os === wanted.os && m.platform.architecture === wanted.architecture);
  return candidates.find((m) => m.platform && variantOf(m.platform) === want) ?? (wanted.variant === undefined ? candidates[0] : undefined);
}

/** The smallest layer (the first of equal sizes): the cheapest whole read that still crosses the layer path. */
export function smallestLayer(image: ImageManifest): Descriptor | undefined {
  return image.layers.reduce<Descriptor | undefined>((best, layer) => (best === undefined || layer.size < best.size ? layer : best), undefined);
}
