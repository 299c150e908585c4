import { resolve } from 'node:path';
import { createNetwork } from '../../net/index.js';
import { DEFAULT_RUN } from '../../diagnose/index.js';
import { allowOnly, intFlag, type Flags, type ParsedArgs } from '../args.js';
import { exitCodeFor } from '../exit-codes.js';
import { executeRun, renderReport, type OutputFormat } from '../execute-run.js';
import { UsageError, type CliIo } from '../io.js';
import { parseDnsServer, proxySettingsFrom, topologyFrom } from '../site-input.js';
import type { Command } from './types.js';

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'md', 'junit'];

const HELP = `netreq check [options]: check this machine's rules without questions

  netreq check --product P --role R [site options]
  netreq check --answers FILE            (the wizard saves one; flags override it)

Every rule that applies to the site and to this machine's role is checked step by step
(DNS, TCP, proxy CONNECT, TLS, the service itself); each failure says its likely cause,
what to ask the network team for, and a command to verify by hand.

Output
  --format F        text (default) | json (the Report) | md (for a ticket) | junit
  -v, --verbose     each step's evidence on stderr as it finishes
  --no-color        no colours (NO_COLOR is honoured)

Reaching the site
  --proxy URL       default HTTPS_PROXY / HTTP_PROXY; --no-proxy LIST default NO_PROXY
  --ca-file PEM     extra trusted CAs (repeat); NODE_EXTRA_CA_CERTS is honoured
  --dns-server IP[:PORT]  ask only this resolver (repeat)

Limits
  --timeout MS      per step (default ${DEFAULT_RUN.stepTimeoutMs})
  --max-time S      the whole run (default ${DEFAULT_RUN.maxTimeMs / 1000})
  --concurrency N   targets at once (default ${DEFAULT_RUN.concurrency}; through a proxy at most ${DEFAULT_RUN.proxyConcurrency})

Site options: --product, --role (repeat), --headnode, --control-plane, --co-located,
--workload, --region, --region-code, --prereqs, --wildcard 'PATTERN=HOST', --cni.

Exit codes: 0 all passed (warnings allowed), 1 something failed, 2 usage error, 130 interrupted.
`;

const ALLOWED = [
  'answers', 'product', 'role', 'region', 'region-code', 'control-plane', 'co-located', 'headnode', 'prereqs',
  'workload', 'wildcard', 'proxy', 'no-proxy', 'ca-file', 'dns-server', 'format', 'timeout', 'max-time',
  'concurrency', 'verbose', 'no-color', 'plain', 'cni',
] as const satisfies readonly (keyof Flags)[];

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--format '${value}' is not a check format; expected one of: ${FORMATS.join(', ')}`);
}

export function useColor(flags: Flags, io: CliIo): boolean {
  return !flags['no-color'] && io.env['NO_COLOR'] === undefined && io.stdout.isTTY === true && io.env['TERM'] !== 'dumb';
}

export function runLimits(flags: Flags): { stepTimeoutMs: number; maxTimeMs: number; concurrency: number } {
  return {
    stepTimeoutMs: intFlag('timeout', flags.timeout, DEFAULT_RUN.stepTimeoutMs, 50),
    maxTimeMs: intFlag('max-time', flags['max-time'], DEFAULT_RUN.maxTimeMs / 1000) * 1000,
    concurrency: intFlag('concurrency', flags.concurrency, DEFAULT_RUN.concurrency),
  };
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check this machine without questions',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    const { flags } = args;
    allowOnly('check', flags, ALLOWED);
    if (args.positionals.length > 0) throw new UsageError(`'netreq check' takes no arguments, got '${args.positionals.join(' ')}'`);
    const format = parseOutputFormat(flags.format);
    const limits = runLimits(flags);
    const topology = topologyFrom(flags, io);
    const proxy = proxySettingsFrom(flags, io.env, topology);
    const dnsServers = (flags['dns-server'] ?? []).map(parseDnsServer);
    let network;
    try {
      network = createNetwork({
        ...(dnsServers.length > 0 ? { dnsServers } : {}),
        caFiles: (flags['ca-file'] ?? []).map((file) => resolve(io.cwd, file)),
        env: io.env,
      });
    } catch (error: unknown) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const report = await executeRun({ topology, network, proxy, ...limits, verbose: (flags.verbose?.length ?? 0) > 0 }, io);
    io.stdout.write(renderReport(report, format, io, useColor(flags, io)));
    return exitCodeFor(report.findings.map((f) => f.status), report.interrupted);
  },
};
