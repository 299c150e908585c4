import { maskUserinfoIn } from '../../mask-userinfo.js';
import { hostPort, hostUrlText, readHostUrl } from './host-url.js';

// `--helm-repo URL`: the chart repository used in place of the vendor's (an Artifactory or Harbor
// chart repository). An HTTP repository is checked at its index.yaml, as `helm repo add` fetches
// it; an `oci://` one is a registry, checked as an image registry is.

export type HelmRepo =
  | { readonly kind: 'http'; readonly url: string; readonly indexUrl: string }
  | { readonly kind: 'oci'; readonly registry: string; readonly repository: string; readonly url: string };

const EXPECTED = 'expected an https:// chart repository URL (helm fetches its index.yaml) or oci://REGISTRY/PATH, e.g. https://artifactory.corp/artifactory/api/helm/runai';

export type HelmRepoRead = { readonly repo: HelmRepo } | { readonly problem: string };

/** Reads a --helm-repo value; never throws, and a password in the URL is never shown. */
export function readHelmRepo(value: string, flag = '--helm-repo'): HelmRepoRead {
  const read = readUnmasked(value, flag);
  return 'problem' in read ? { problem: maskUserinfoIn(read.problem) } : read;
}

function readUnmasked(value: string, flag: string): HelmRepoRead {
  const shown = `${flag} '${value}'`;
  const text = value.trim();
  if (text.length > 2048) return { problem: `${flag}: a value of ${text.length} characters; ${EXPECTED}` };
  if (text.startsWith('oci://')) {
    const read = readHostUrl(`https://${text.slice('oci://'.length)}`);
    if ('problem' in read) return { problem: `${shown}: ${read.problem.replace('https://', 'oci://')}` };
    const repository = read.url.path.replace(/^\//, '');
    if (repository === '') return { problem: `${shown} names no repository path after the registry; ${EXPECTED}` };
    return { repo: { kind: 'oci', registry: hostPort(read.url), repository, url: `oci://${hostPort(read.url)}/${repository}` } };
  }
  if (!/^https?:\/\//i.test(text)) return { problem: `${shown}: ${EXPECTED}` };
  const read = readHostUrl(text);
  if ('problem' in read) return { problem: `${shown}: ${read.problem}` };
  const url = hostUrlText(read.url);
  const indexUrl = read.url.path.endsWith('/index.yaml') ? url : `${url}/index.yaml`;
  return { repo: { kind: 'http', url: indexUrl === url ? url.slice(0, -'/index.yaml'.length) : url, indexUrl } };
}
