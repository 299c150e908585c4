import type { Topology } from './schema.js';

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `netreq check` flags that describe this site, so a printed command runs as printed:
 * products, roles, control plane, headnodes, workload, region, network plugin, prerequisites and
 * wildcard names, the site's own images, mirrors and chart repository. Never the proxy (its password) nor peers (a peer run says its own).
 */
export function siteFlagsOf(topology: Topology): string {
  const words: string[] = [];
  for (const product of topology.products) words.push('--product', product);
  for (const role of topology.roles) words.push('--role', role);
  if (topology.controlPlane.fqdn !== undefined) words.push('--control-plane', topology.controlPlane.fqdn);
  if (topology.controlPlane.coLocated) words.push('--co-located');
  for (const headnode of topology.bcm.headnodes) words.push('--headnode', headnode);
  if (topology.workload !== 'both') words.push('--workload', topology.workload);
  if (topology.region !== undefined) words.push('--region', topology.region.name);
  if (topology.region?.code !== undefined) words.push('--region-code', topology.region.code);
  if (topology.cni !== undefined) words.push('--cni', topology.cni);
  if (topology.prereqs) words.push('--prereqs');
  if (topology.arcGateway !== undefined) words.push('--arc-gateway', topology.arcGateway);
  if (topology.versions?.runai !== undefined) words.push('--runai-version', topology.versions.runai);
  if (topology.versions?.['azureml-arc'] !== undefined) words.push('--azureml-arc-version', topology.versions['azureml-arc']);
  for (const image of topology.images ?? []) words.push('--image', image);
  for (const mirror of topology.mirrors ?? []) words.push('--mirror', mirror);
  if (topology.helmRepo !== undefined) words.push('--helm-repo', topology.helmRepo);
  for (const [pattern, names] of Object.entries(topology.wildcards)) for (const name of names) words.push('--wildcard', `${pattern}=${name}`);
  return words.map(shellWord).join(' ');
}
