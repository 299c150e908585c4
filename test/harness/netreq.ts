// Runs netreq inside a namespace exactly as a user runs it on a site: `node bin/netreq.js`,
// the namespace's resolv.conf and hosts, only the environment the test gives (no proxy variables
// leak in from this machine), and no test-only flags.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Report } from '../../src/report/index.js';
import type { Netns } from './netns.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/netreq.js', import.meta.url));

export interface NetreqRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
  /** stdout parsed as a Report when `--format json` was given and it parsed. */
  readonly report?: Report;
}

export interface NetreqRunOptions {
  /** HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS, ... as a site would set them. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** An empty folder in the namespace's own folder (removed with the namespace), made once per namespace. */
function emptyRoot(ns: Netns): string {
  const path = join(ns.dir, 'empty-system-root');
  mkdirSync(path, { recursive: true });
  return path;
}

export async function runNetreq(ns: Netns, args: readonly string[], opts: NetreqRunOptions = {}): Promise<NetreqRun> {
  const r = await ns.exec(process.execPath, [BIN, ...args], {
    cwd: REPO,
    timeoutMs: opts.timeoutMs ?? 60_000,
    // This machine's own containerd (installed for the pull tests) must not decide the route of a
    // namespace's registry checks: an empty system root unless the test gives one (a runtime drop-in to judge).
    env: { NO_COLOR: '1', NETREQ_SYSTEM_ROOT: emptyRoot(ns), ...opts.env },
  });
  const base = { code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, ms: r.ms };
  if (!args.includes('json')) return base;
  try {
    const parsed = Report.safeParse(JSON.parse(r.stdout));
    return parsed.success ? { ...base, report: parsed.data } : base;
  } catch {
    return base;
  }
}

/** The finding for host (and port, when given) in a report; throws naming what the report holds. */
export function findingFor(report: Report, host: string, port?: number): Report['findings'][number] {
  const f = report.findings.find((x) => x.target.host === host && (port === undefined || x.target.port === port));
  if (f === undefined) {
    const have = report.findings.map((x) => `${x.target.host}:${x.target.port}`).join(', ');
    throw new Error(`no finding for ${host}${port === undefined ? '' : `:${port}`}; report has ${have}`);
  }
  return f;
}
