// How each public registry answers a pull, as the simulator plays it: where its token realm is, and
// which host its blob requests are redirected to. Real-world knowledge, with the page it was read
// from; `{host}` in a template is the registry's own name (one profile serves *.azurecr.io).
// The layer hosts are those the catalog lists beside each registry, so a healthy simulated site
// stays healthy; a site spec's `registries.HOST.layerHost` sends them elsewhere.

export interface RegistryProfile {
  /** The registry's host name, or a pattern: `*.azurecr.io`, `*-docker.pkg.dev`. */
  readonly host: string;
  /** `/v2/` answers 401 with a Bearer challenge (`bearer`), or 200 with no challenge at all (`open`). */
  readonly ping: 'bearer' | 'open';
  /** The token realm (a URL template) and the challenge's service. */
  readonly realm?: string;
  readonly service?: string;
  /** Manifests and blobs are read without a token (a public Artifact Registry repository). */
  readonly publicReads?: boolean;
  /** Manifest and blob requests are redirected (307) to this registry, under this repository prefix. */
  readonly upstream?: { readonly host: string; readonly repositoryPrefix: string };
  /** Where a blob GET is redirected (a URL template with `{hex}`, `{ab}` and `{sig}`); none: the registry serves the bytes itself. */
  readonly layerUrl?: string;
  /** The redirect's status: 307 (Docker Hub, ACR, MCR) or 302 (Quay, Google). */
  readonly redirectStatus?: 302 | 307;
  /** Only a client with credentials gets a token. */
  readonly needsCredentials?: boolean;
  /** Where this was read. */
  readonly sources: readonly string[];
}

export const REGISTRY_PROFILES: readonly RegistryProfile[] = [
  {
    host: 'registry-1.docker.io',
    ping: 'bearer',
    realm: 'https://auth.docker.io/token',
    service: 'registry.docker.io',
    // Docker's allowlist names production.cloudflare.docker.com for pulls and, for anonymous and
    // Personal-plan pulls, docker-images-prod.6aa30f8b08e16409b46e0173d6de2f56.r2.cloudflarestorage.com
    // (and since 2026-05 production.cloudfront.docker.com). The first is the one every catalog
    // document lists beside registry-1.docker.io.
    layerUrl: 'https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/{ab}/{hex}/data?verify={sig}',
    redirectStatus: 307,
    sources: [
      'https://docs.docker.com/desktop/setup/allow-list/',
      'https://jfrog.com/help/r/what-should-we-whitelist-for-artifactory-when-our-docker-registry-is-behind-firewalls-and-proxy-servers',
      'https://github.com/chainguard-dev/apko/pull/2250',
    ],
  },
  {
    host: 'quay.io',
    ping: 'bearer',
    realm: 'https://quay.io/v2/auth',
    service: 'quay.io',
    // Blobs 302 to the Quay CDN (cdn.quay.io, cdn01-03.quay.io), an S3-signed URL.
    layerUrl:
      'https://cdn01.quay.io/quayio-production-s3/sha256/{ab}/{hex}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=SIMULATEDKEY%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=600&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}',
    redirectStatus: 302,
    sources: ['https://access.redhat.com/node/7001746', 'https://connect.redhat.com/en/blog/container-image-registries-changes-part-2'],
  },
  {
    // archeio: /v2/ is 200 with no challenge; every other /v2/ request is redirected to the upstream
    // Artifact Registry (from AWS, blobs to S3 instead); the region follows the serving instance.
    host: 'registry.k8s.io',
    ping: 'open',
    upstream: { host: 'us-west1-docker.pkg.dev', repositoryPrefix: 'k8s-artifacts-prod/images/' },
    redirectStatus: 307,
    sources: ['https://github.com/kubernetes/registry.k8s.io/blob/main/cmd/archeio/docs/request-handling.md'],
  },
  {
    // Artifact Registry: blobs 302 to a one-blob download URL on the same host.
    host: '*-docker.pkg.dev',
    ping: 'bearer',
    realm: 'https://{host}/v2/token',
    service: '{host}',
    publicReads: true,
    layerUrl: 'https://{host}/artifacts-downloads/namespaces/sim/repositories/sim/downloads/{hex}?sig={sig}',
    redirectStatus: 302,
    // NeuVector's install notes name the redirect https://us-docker.pkg.dev/artifacts-downloads/namespaces/...
    sources: ['https://open-docs.neuvector.com (registry.neuvector.com redirects to us-docker.pkg.dev/artifacts-downloads/...)', 'https://cloud.google.com/artifact-registry/docs/reference/docker-api'],
  },
  {
    // Container Registry kept layers in Cloud Storage buckets (artifacts.PROJECT.appspot.com), hence
    // storage.googleapis.com beside gcr.io in the documents. gcr.io is now served by Artifact
    // Registry, whose redirect may differ: not confirmed.
    host: 'gcr.io',
    ping: 'bearer',
    realm: 'https://gcr.io/v2/token',
    service: 'gcr.io',
    layerUrl: 'https://storage.googleapis.com/artifacts.sim-project.appspot.com/containers/images/sha256:{hex}?GoogleAccessId=sim&Expires=1767225600&Signature={sig}',
    redirectStatus: 302,
    sources: ['https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories'],
  },
  {
    // NGC's realm answers anonymous token requests for public images. Where its blobs are served
    // from could not be confirmed; the simulator serves them from nvcr.io itself.
    host: 'nvcr.io',
    ping: 'bearer',
    realm: 'https://nvcr.io/proxy_auth',
    // Public scripts read anonymous tokens from https://nvcr.io/proxy_auth?scope=repository:REPO:pull,
    // and Apache Mesos's WWW-Authenticate tests quote its challenge.
    sources: ['https://github.com/apache/mesos (libprocess http tests: Bearer realm="https://nvcr.io/proxy_auth?scope=...")'],
  },
  {
    // MCR: blobs 307 to a regional data endpoint, *.data.mcr.microsoft.com (westus, northeurope, ...).
    host: 'mcr.microsoft.com',
    ping: 'bearer',
    realm: 'https://mcr.microsoft.com/oauth2/token',
    service: 'mcr.microsoft.com',
    layerUrl: 'https://westus.data.mcr.microsoft.com/sim-mcr/docker/registry/v2/blobs/sha256/{ab}/{hex}/data?se=2026-01-01T00%3A00%3A00Z&sig={sig}&sp=r&spr=https&sr=b&sv=2018-03-28',
    redirectStatus: 307,
    sources: ['https://github.com/Azure/AzureStack-Tools/blob/master/HCI/CanadaCentralEndpoints/canadacentral-hci-endpoints.md'],
  },
  {
    // ACR without dedicated data endpoints: blobs 307 to the registry's storage, *.blob.core.windows.net
    // (with them: REGISTRY.REGION.data.azurecr.io). The storage account's name is ACR's own; this one is made up.
    host: '*.azurecr.io',
    ping: 'bearer',
    realm: 'https://{host}/oauth2/token',
    service: '{host}',
    layerUrl: 'https://simacrprodstore01.blob.core.windows.net/sim-registry/docker/registry/v2/blobs/sha256/{ab}/{hex}/data?se=2026-01-01T00%3A00%3A00Z&sig={sig}&sp=r&spr=https&sr=b&sv=2018-03-28',
    redirectStatus: 307,
    sources: ['https://learn.microsoft.com/azure/container-registry/container-registry-dedicated-data-endpoints'],
  },
  {
    // JFrog Artifactory's Docker API: a Bearer realm on the server itself (the exact realm path was not
    // confirmed); Run:ai's images need the customer's token (the catalog's runai.registry comment).
    // Whether it redirects blobs to a CDN was not confirmed: the bytes come from the server itself here.
    host: 'runai.jfrog.io',
    ping: 'bearer',
    realm: 'https://{host}/v2/token',
    service: '{host}',
    needsCredentials: true,
    sources: ['catalog/runai.yaml (runai.registry)'],
  },
];

/**
 * A Harbor of the site's own (`registries.HOST.harbor`): its registry's token auth points at Harbor
 * core's token service, /service/token, for the service harbor-registry; a project that allows
 * anonymous pulls (a public proxy cache) gets a token without a login.
 */
export const HARBOR_PROFILE: Omit<RegistryProfile, 'host'> = {
  ping: 'bearer',
  realm: 'https://{host}/service/token',
  service: 'harbor-registry',
  sources: [
    'https://github.com/goharbor/harbor/blob/main/make/photon/prepare/templates/registry/config.yml.jinja (auth: token: realm: {{public_url}}/service/token, service: harbor-registry)',
    'https://goharbor.io/docs/main/administration/configure-proxy-cache/ (pull through a proxy cache project: HARBOR/PROJECT/REPOSITORY)',
  ],
};

function patternMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  if (pattern.startsWith('*-')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 && !host.slice(0, -(pattern.length - 1)).includes('.');
  return pattern === host;
}

/** The profile of a registry host; a registry nothing is known of gets a realm on its own host and serves its own blobs. */
export function profileOf(host: string): RegistryProfile {
  const found = REGISTRY_PROFILES.find((profile) => patternMatches(profile.host, host));
  return found ?? { host, ping: 'bearer', realm: 'https://{host}/token', service: '{host}', sources: [] };
}

/** The profile of a family of registries (`*.azurecr.io`) the host belongs to, if any. */
export function familyProfileOf(host: string): RegistryProfile | undefined {
  return REGISTRY_PROFILES.find((profile) => profile.host.startsWith('*') && patternMatches(profile.host, host));
}

/** A template with the registry's host put in. */
export function withHost(template: string, host: string): string {
  return template.replaceAll('{host}', host);
}
