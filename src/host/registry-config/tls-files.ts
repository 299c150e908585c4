import { readProblem, type ConfigFiles } from './config-files.js';
import { registryName } from './host-url.js';
import type { CertsDirectory, ClientCertificate, ConfigIssue, RegistryEntry, RegistryRuntime } from './model.js';

/** What the runtime does when a file its TLS settings name cannot be used. */
const CONSEQUENCE: Readonly<Record<RegistryRuntime, string>> = {
  containerd: 'containerd fails every pull from this registry while the file is unusable',
  'cri-o': 'CRI-O cannot set up TLS to this host and its pulls from it fail',
  podman: 'Podman cannot set up TLS to this host and its pulls from it fail',
  docker: 'dockerd cannot set up TLS to this host and its pulls from it fail',
  k3s: 'the containerd k3s runs fails every pull from this registry while the file is unusable',
  rke2: 'the containerd RKE2 runs fails every pull from this registry while the file is unusable',
  planned: 'netreq cannot check the mirror with it',
};

function pemProblem(files: ConfigFiles, path: string, marker: RegExp, what: string): string | undefined {
  const read = files.read(path);
  if (read.kind === 'missing') return `${what} ${path} does not exist`;
  if (read.kind !== 'text') return `${what} ${path} ${readProblem(read, files.limits)}`;
  if (!marker.test(read.text)) return `${what} ${path} holds no PEM block of the expected kind`;
  return undefined;
}

/**
 * Checks the CA and client certificate files an entry's hosts name: each must exist, be readable
 * and hold PEM (containerd's AppendCertsFromPEM and X509KeyPair refuse anything else).
 */
export function tlsFileIssues(entry: RegistryEntry, files: ConfigFiles): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (code: ConfigIssue['code'], written: string, problem: string, subject: string): void => {
    let source = written;
    if (seen.has(problem)) return;
    seen.add(problem);
    if (written === 'default') source = entry.file;
    const at = /^(.*):(\d+)$/.exec(source);
    const where = at?.[1] !== undefined && at[2] !== undefined ? { file: at[1], line: Number(at[2]) } : { file: source.split(' ')[0] ?? source };
    issues.push({ code, severity: 'error', runtime: entry.runtime, ...where, registry: entry.registry, subjectFile: subject, detail: `${problem}: ${CONSEQUENCE[entry.runtime]}` });
  };
  for (const host of entry.hosts) {
    for (const ca of host.caFiles) {
      const problem = pemProblem(files, ca, /-----BEGIN CERTIFICATE-----/, 'the CA file');
      if (problem !== undefined) add('mirror.ca-unreadable', host.source, problem, ca);
    }
    for (const pair of host.clientCertificates) {
      const certProblem = pemProblem(files, pair.cert, /-----BEGIN CERTIFICATE-----/, 'the client certificate');
      if (certProblem !== undefined) add('mirror.client-cert-unreadable', host.source, certProblem, pair.cert);
      const keyProblem = pemProblem(files, pair.key ?? pair.cert, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'the client key');
      if (keyProblem !== undefined) add('mirror.client-cert-unreadable', host.source, keyProblem, pair.key ?? pair.cert);
    }
  }
  return issues;
}

/** Docker's layout of one registry's folder: `*.crt` are CAs, `NAME.cert` with `NAME.key` a client pair. */
export function certFilesIn(files: ConfigFiles, folder: string): { caFiles: string[]; clientCertificates: ClientCertificate[] } {
  const names = files.list(folder).names.filter((n) => !n.endsWith('/'));
  const caFiles = names.filter((n) => n.endsWith('.crt')).map((n) => `${folder}/${n}`);
  const clientCertificates = names
    .filter((n) => n.endsWith('.cert'))
    .map((n) => {
      const key = `${n.slice(0, -'.cert'.length)}.key`;
      return { cert: `${folder}/${n}`, ...(names.includes(key) ? { key: `${folder}/${key}` } : {}) };
    });
  return { caFiles, clientCertificates };
}

/** The per-registry folders of a certs.d (`/etc/docker/certs.d/harbor.corp:8443/ca.crt`). */
export function readCertsDirectories(files: ConfigFiles, root: string, runtime: RegistryRuntime, issues: ConfigIssue[]): CertsDirectory[] {
  const listing = files.list(root);
  if (listing.problem !== undefined) {
    issues.push({ code: 'mirror.ca-unreadable', severity: 'warning', runtime, file: root, detail: `the folder cannot be listed (${listing.problem}); its registries' CA files are not used` });
  }
  if (listing.truncated > 0) {
    issues.push({ code: 'mirror.read-limit', severity: 'info', runtime, file: root, detail: `${listing.truncated} more entries than the ${files.limits.maxFolderEntries} netreq reads were left out` });
  }
  return listing.names
    .filter((n) => n.endsWith('/'))
    .map((n) => n.slice(0, -1))
    .map((name) => ({ registry: registryName(name), folder: `${root}/${name}`, ...certFilesIn(files, `${root}/${name}`) }))
    .filter((d) => d.caFiles.length > 0 || d.clientCertificates.length > 0);
}
