import { resolve } from 'node:path';
import { DEFAULT_RUN } from '../../diagnose/index.js';
import { fitConcurrency, openFilesLimit } from '../../net/index.js';
import type { ProxySettings } from '../../net/index.js';
import type { LoadedScenario } from '../../sim/index.js';
import { allowOnly, intFlag, type Flags, type ParsedArgs } from '../args.js';
import { ENV_ROOT_VARIABLE, executeRun, executeScenario, type OutputFormat, type RunLimits, type SiteRun } from '../execute-run.js';
import { UsageError, type CliIo } from '../io.js';
import { mirrorsFrom, networkFrom, proxySettingsFrom, registryAuthFrom, topologyFrom } from '../site-input.js';
import { parsePeerFlags, withPeers } from '../peers.js';
import { checkFromReport, checkWatchFlags, watchAfterRun } from '../watch-check.js';
import { outputReport } from '../output-report.js';
import { checkOutputFlags } from '../redaction.js';
import { useColor } from '../color.js';
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
  --bundle FILE     also write a support bundle (.tar.gz: report.json, report.md, report.html,
                    environment.json, answers.yaml, steps.ndjson), redacted, mode 0600; if it
                    cannot be written the report still prints and the exit code is 2
  --redact PATTERN  also mask what matches this regular expression, everywhere (repeat)

Reaching the site
  --proxy URL       default HTTPS_PROXY / HTTP_PROXY; --no-proxy LIST default NO_PROXY
  --ca-file PEM     extra trusted CAs (repeat); NODE_EXTRA_CA_CERTS is honoured
  --dns-server IP[:PORT]  ask only this resolver (repeat)
  --connect-to HOST:PORT:ADDRESS:PORT  connect to ADDRESS:PORT instead of what HOST resolves to
                    (curl's option: DNS, SNI and Host still name HOST; an empty part matches any
                    host or port, or keeps it; repeat, the first match wins). For a private
                    endpoint or a new frontend before DNS changes, one node behind a balancer;
                    a name that does not resolve yet fails DNS, and the address is still checked

A simulated site (see 'netreq scenarios')
  --scenario NAME       a built-in scenario: its answers are the base, site flags override them
  --scenario-file FILE  a scenario file of your own (scenarios/README.md documents the format)

Peers and re-checks
  --peer HOST[:ROLE][#TOKEN]  also check the inbound and internal rules towards HOST, which
                    runs 'netreq listen' (repeat; @FILE for a file of them, one a line); ROLE
                    defaults to k8s-node, TOKEN is the one its listener printed. The rest of
                    this machine's rules (its outbound ones) are checked as well
  --peers-only      with --peer: check only the rules towards the peers
  --watch [S]       check the failures again every S seconds (default 30) until they pass
  --from REPORT.json  check exactly the failures of an earlier report again (with --watch: until they pass)

Limits
  --timeout MS      per step (default ${DEFAULT_RUN.stepTimeoutMs}, at most 600000)
  --max-time S      the whole run (default ${DEFAULT_RUN.maxTimeMs / 1000}, at most 86400)
  --concurrency N   targets at once (default ${DEFAULT_RUN.concurrency}; through a proxy at most ${DEFAULT_RUN.proxyConcurrency})

Site options: --product, --role (repeat), --headnode, --control-plane, --co-located,
--workload, --region, --region-code, --prereqs, --wildcard 'PATTERN=HOST', --cni,
--arc-gateway HOST (Azure Arc through a gateway), --runai-version V, --azureml-arc-version V (the requirements of that version: its edition in
catalog/editions.yaml; without them the newest, and the report says so; netreq rules --edition list).
--image REF (repeat): an image of the site's own, e.g. myacr.azurecr.io/team/app:1.4, read as Docker
reads it ([REGISTRY[:PORT]/]REPOSITORY[:TAG][@sha256:DIGEST]) and kept with the site's answers for the
registry checks, besides the small public image each registry rule names.

Image pulls: each registry rule is followed as containerd pulls (/v2/, the token, the manifest, the
config and one layer, every redirect), over the container runtime's own route: the proxy settings of
containerd's service (its systemd drop-ins), not this shell's, unless --proxy is given. Hosts a pull
is sent to that no rule lists are checked too and reported as discovered.
  --registry-auth FILE  Docker's config.json ({"auths": {...}}) with the nodes' registry credentials;
                        also read: NGC_API_KEY (nvcr.io), /root/.docker/config.json and containerd's
                        CRI registry auth. Never printed; masked in every output and bundle.
  --no-pull             check registries at /v2/ only (faster; says nothing about tokens, layers, CDNs)

Registry mirrors: the runtime's own registry configuration is read (containerd's config.toml and
certs.d/*/hosts.toml, CRI-O/Podman registries.conf, Docker daemon.json, k3s/RKE2 registries.yaml):
a registry pulled through a mirror is checked at the mirror (its path, its CA) and the registry itself
is skip registry.via-mirror. Errors in those files are findings of their own.
  --mirror REGISTRY=URL[,ca=FILE]   a mirror to check before the runtime is configured (repeat), e.g.
                        docker.io=https://harbor.corp/v2/dockerhub,ca=/etc/pki/harbor-ca.pem
  --helm-repo URL       the site's chart repository (Artifactory, Harbor) in place of the vendor's:
                        https://... is checked at its index.yaml (a 200 with a Helm index), from this
                        shell's route as helm reaches it; oci://REGISTRY/PATH at the registry's /v2/.
                        The vendor's repository is then skip helm.via-site-repo
  --image-list FILE     the images the install needs, one reference a line (the vendor's air-gapped
                        list): each manifest is looked up where the runtime pulls it (the mirror in a
                        registry's place), 8 at a time within --max-time; the missing ones are one
                        registry.image-missing finding per registry

Exit codes: 0 all passed (warnings allowed), 1 something failed or the run was incomplete
(--max-time reached: the targets not finished are skip check.time-limit), 2 usage error,
130 interrupted (the report lists the unfinished targets as skip check.interrupted).
`;

export const ALLOWED = [
  'answers', 'product', 'role', 'region', 'region-code', 'control-plane', 'co-located', 'headnode', 'prereqs',
  'workload', 'wildcard', 'proxy', 'no-proxy', 'ca-file', 'dns-server', 'connect-to', 'format', 'timeout', 'max-time',
  'concurrency', 'verbose', 'no-color', 'plain', 'cni', 'runai-version', 'azureml-arc-version', 'arc-gateway', 'image', 'registry-auth', 'no-pull', 'mirror', 'helm-repo', 'image-list', 'scenario', 'scenario-file', 'bundle', 'redact',
  'peer', 'peers-only', 'watch', 'from',
] as const satisfies readonly (keyof Flags)[];

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--format '${value}' is not a check format; expected one of: ${FORMATS.join(', ')}`);
}

/** What the timing flags accept: a step of 10 minutes, a run of a day (timers hold up to 24.8 days). */
export const FLAG_LIMITS = { timeoutMs: 600_000, maxTimeSeconds: 86_400 } as const;

/**
 * The run's limits from the flags; `stepTimeoutMs` is the default per-step timeout (a scenario's
 * own). Targets at once are capped to what the open-file limit allows, said on stderr when `io` is given.
 */
export function runLimits(flags: Flags, stepTimeoutMs: number = DEFAULT_RUN.stepTimeoutMs, io?: Pick<CliIo, 'stderr'>): RunLimits {
  const timing = {
    stepTimeoutMs: intFlag('timeout', flags.timeout, stepTimeoutMs, 50, FLAG_LIMITS.timeoutMs),
    maxTimeMs: intFlag('max-time', flags['max-time'], DEFAULT_RUN.maxTimeMs / 1000, 1, FLAG_LIMITS.maxTimeSeconds) * 1000,
  };
  const fit = fitConcurrency(intFlag('concurrency', flags.concurrency, DEFAULT_RUN.concurrency), openFilesLimit());
  if (fit.note !== undefined) io?.stderr.write(`netreq: ${fit.note}\n`);
  return {
    ...timing,
    concurrency: fit.concurrency,
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
    checkOutputFlags(flags, io);
    checkWatchFlags(flags);
    if (flags.from !== undefined) {
      const rerun = await checkFromReport(flags, format, runLimits(flags, undefined, io), io);
      return printReport(rerun, format, flags, io, rerun.proxy);
    }
    const scenario = await scenarioFrom(flags, io);
    if (scenario !== undefined) return printReport(await executeScenario(scenario, flags, runLimits(flags, scenario.timeoutMs, io), io), format, flags, io);
    const limits = runLimits(flags, undefined, io);
    const topology = withPeers(topologyFrom(flags, io), parsePeerFlags(flags.peer ?? [], io));
    const network = networkFrom(flags, io);
    const proxy = proxySettingsFrom(flags, io.env, topology);
    if (flags['peers-only'] === true && (topology.peers ?? []).length === 0) {
      throw new UsageError('--peers-only needs the peers to check: give --peer HOST[:ROLE][#TOKEN] (or @FILE)');
    }
    const verbose = (flags.verbose?.length ?? 0) > 0;
    const peersOnly = flags['peers-only'] === true;
    const registryAuth = registryAuthFrom(flags, io, io.env[ENV_ROOT_VARIABLE] ?? '/');
    const first = await executeRun({ topology, network, proxy, limits, verbose, peersOnly, redact: flags.redact, hostFacts: true, registryAuth, pulls: flags['no-pull'] !== true, ...mirrorsFrom(topology, io) }, io);
    if (flags.watch === undefined) return printReport(first, format, flags, io, proxy);
    return printReport(await watchAfterRun(first, flags, { topology, network, proxy, limits, format, peersOnly, verbose, redact: flags.redact }, io), format, flags, io, proxy);
  },
};

/** The report on stdout and `--bundle` (src/cli/output-report.ts). */
function printReport(run: SiteRun, format: OutputFormat, flags: Flags, io: CliIo, proxy?: ProxySettings): Promise<number> {
  return outputReport(run.report, { format, color: useColor(flags, io), flags, proxy, environment: run.environment }, io);
}

/** The flags that describe how to reach a real site; a scenario's site decides them itself. */
const REAL_SITE_ONLY = ['proxy', 'ca-file', 'dns-server', 'connect-to'] as const satisfies readonly (keyof Flags)[];

/** `--scenario NAME` or `--scenario-file FILE`, loaded; undefined for a real site. */
export async function scenarioFrom(flags: Flags, io: CliIo): Promise<LoadedScenario | undefined> {
  const name = flags.scenario;
  const file = flags['scenario-file'];
  if (name === undefined && file === undefined) return undefined;
  if (name !== undefined && file !== undefined) throw new UsageError('give --scenario NAME or --scenario-file FILE, not both');
  const clash = REAL_SITE_ONLY.filter((flag) => flags[flag] !== undefined);
  if (clash.length > 0) {
    throw new UsageError(`${clash.map((flag) => `--${flag}`).join(', ')} cannot be used with a scenario: its simulated site has its own proxy, CAs and resolvers`);
  }
  // The simulator is loaded only for a simulated site: a real check never pays for it.
  const { findScenario, loadScenarioFile, ScenarioError } = await import('../../sim/index.js');
  try {
    return name !== undefined ? findScenario(name) : loadScenarioFile(resolve(io.cwd, file ?? ''));
  } catch (error: unknown) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}
