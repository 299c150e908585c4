// The answers as an `--answers` file for a rerun: YAML of the Topology's fields, never a proxy password.
import { stringify } from 'yaml';
import type { Topology, TopologyInput } from './schema.js';
import { withoutPassword } from './questions-values.js';

/** YAML that `netreq check --answers FILE` reads back; a proxy password is removed and said so. */
export function answersFileText(topology: Topology | TopologyInput, now: Date = new Date()): string {
  const url = topology.proxy?.url;
  const safe = url === undefined ? topology : { ...topology, proxy: { ...topology.proxy, url: withoutPassword(url) } };
  const lines = [
    `# netreq answers, saved ${now.toISOString()}`,
    '# Rerun: netreq check --answers THIS_FILE',
  ];
  if (url !== undefined && withoutPassword(url) !== url) {
    lines.push('# The proxy password is not saved: pass it with --proxy or HTTPS_PROXY.');
  }
  return `${lines.join('\n')}\n${stringify(safe)}`;
}
