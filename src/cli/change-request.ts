import { remoteControlPlane, siteDirectHosts, wildcardMatches, type Catalog, type ChangeRequest, type RequestCause, type RequestRow, type RequestRule, type Rule } from '../catalog/index.js';
import { findingKey, oneLine, redactCredentials, renderStepLine, type Finding, type Report, type RootCause } from '../report/index.js';
import { Topology } from '../topology/index.js';

// Every text of a report is untrusted (a report file may be hostile): one line, no control or
// escape bytes, a URL's password masked, bounded, before any renderer sees it.
const clean = (text: string, max = 300): string => redactCredentials(oneLine(text, max));

/** A wildcard with more stars than this is matched literally: each star is a regex loop, and a hostile report could stack them. */
const MAX_STARS = 4;

type Failing = Finding & { status: 'fail' | 'warn' };
const failing = (finding: Finding): finding is Failing => finding.status === 'fail' || finding.status === 'warn';

function firstSentence(text: string | undefined): string {
  if (text === undefined) return '';
  const flat = oneLine(text, 2000);
  const end = flat.search(/[.!?](\s|$)/);
  return clean(end >= 0 ? flat.slice(0, end + 1) : flat);
}

/** The failing step as `dig`/`curl -v` would head it: the chain stops at it, so it is the last. */
function evidenceLine(finding: Finding): string {
  const last = finding.steps.at(-1);
  return last !== undefined ? clean(renderStepLine(last).split('\n')[0] ?? '', 200) : '';
}

function rulesOf(ids: readonly string[], byId: ReadonlyMap<string, Rule>): RequestRule[] {
  return [...new Set(ids)].map((id) => {
    const rule = byId.get(id);
    if (rule === undefined) return { id: clean(id, 100), known: false, purpose: 'not in this catalog', sources: [] };
    return { id: rule.id, known: true, purpose: rule.purpose, sources: rule.sources, direction: rule.direction };
  });
}

function direction(rules: readonly RequestRule[]): RequestRow['direction'] {
  return rules.find((rule) => rule.direction !== undefined)?.direction ?? 'outbound';
}

function findingRow(finding: Failing, byId: ReadonlyMap<string, Rule>): RequestRow {
  const rules = rulesOf(finding.ruleIds, byId);
  const t = finding.target;
  return {
    host: clean(t.host, 260),
    port: String(t.port),
    transport: t.transport,
    scheme: t.scheme,
    via: finding.source !== undefined ? 'this machine' : t.via,
    direction: direction(rules),
    status: finding.status,
    rules,
    cause: clean(finding.cause ?? finding.status, 80),
    evidence: evidenceLine(finding),
    explanation: firstSentence(finding.explanation),
  };
}

/** Whether an allow entry's host covers the finding's: the same name, the wildcard it came from, or a name the wildcard matches. */
function covers(host: string, finding: Finding): boolean {
  const t = finding.target;
  if (host === t.host || host === t.pattern) return true;
  return host.includes('*') && host.split('*').length - 1 <= MAX_STARS && host.length <= 260 && wildcardMatches(host, t.host);
}

/** One allow entry (`*.blob.core.windows.net:443`) with the rules of the findings it covers. */
function entryRow(entry: string, cause: RootCause, explained: readonly Failing[], byId: ReadonlyMap<string, Rule>): RequestRow {
  const split = /^(.*):(\d+(?:-\d+)?)$/.exec(entry);
  const host = split?.[1] ?? entry;
  const port = split?.[2] ?? '';
  const matched = explained.filter((f) => (port === '' || String(f.target.port) === port) && covers(host, f));
  // An entry that names none of its findings (a hand-edited report) still gets their rules: better a purpose than none.
  const covered = matched.length > 0 ? matched : explained;
  const rules = rulesOf(covered.flatMap((f) => f.ruleIds), byId);
  const first = covered[0]?.target;
  return {
    host: clean(host, 260),
    port: clean(port !== '' ? port : String(first?.port ?? ''), 20),
    transport: first?.transport ?? 'tcp',
    scheme: first?.scheme ?? 'https',
    via: first?.via ?? 'direct',
    direction: direction(rules),
    status: cause.status,
    rules,
    cause: clean(cause.code, 80),
    evidence: clean(cause.summary),
    explanation: firstSentence(cause.explanation),
    targets: [...new Set(covered.map((f) => clean(`${f.target.host}:${f.target.port}`, 270)))],
  };
}

/** An allow-list cause without entries (a report from elsewhere) asks for its findings' targets, one row each. */
function requestCause(cause: RootCause, byKey: ReadonlyMap<string, Failing>, byId: ReadonlyMap<string, Rule>): RequestCause {
  const explained = cause.findings.flatMap((key) => byKey.get(key) ?? []);
  const change = cause.request.change;
  return {
    code: clean(cause.code, 80),
    status: cause.status,
    title: clean(cause.title, 200),
    summary: clean(cause.summary, 600),
    evidence: Object.entries(cause.evidence).slice(0, 40).map(([name, value]) => [clean(name, 60), clean(value, 300)] as const),
    change,
    entries: cause.request.entries.map((entry) => clean(entry, 280)),
    rows: change !== 'allow' ? [] : cause.request.entries.length > 0 ? cause.request.entries.map((entry) => entryRow(entry, cause, explained, byId)) : explained.map((finding) => findingRow(finding, byId)),
    targets: cause.targets.map((target) => clean(target, 270)),
    explanation: clean(cause.explanation, 1000),
    remediation: clean(cause.remediation, 1000),
    verify: clean(cause.verify, 400),
  };
}

/** The site's own hosts from the report's topology, when it still describes a site (it is redacted, and may be hand-made). */
function siteHosts(report: Report): Pick<ChangeRequest, 'siteOwnedHosts' | 'remoteControlPlane'> {
  const parsed = Topology.safeParse(report.topology);
  if (!parsed.success) return { siteOwnedHosts: [] };
  const remote = remoteControlPlane(parsed.data);
  return { siteOwnedHosts: siteDirectHosts(parsed.data), ...(remote !== undefined ? { remoteControlPlane: remote } : {}) };
}

/**
 * The change request for what failed in `report`: its root causes (absent and `[]` alike: none),
 * then every failing or warning finding none of them explains. Purposes and sources are the
 * catalog's, by the findings' rule ids.
 */
export function changeRequest(report: Report, catalog: Catalog): ChangeRequest {
  const byId = new Map(catalog.rules.map((rule) => [rule.id, rule] as const));
  const failures = report.findings.filter(failing);
  const byKey = new Map(failures.map((finding) => [findingKey(finding), finding] as const));
  const rootCauses = report.rootCauses ?? [];
  const explained = new Set(rootCauses.flatMap((cause) => cause.findings));
  return {
    catalogVersion: catalog.version,
    report: {
      version: clean(report.tool.version, 40),
      startedAt: clean(report.startedAt, 40),
      ...(report.tool.catalogVersion !== undefined ? { catalogVersion: clean(report.tool.catalogVersion, 80) } : {}),
    },
    rootCauses: rootCauses.map((cause) => requestCause(cause, byKey, byId)),
    standalone: failures.filter((finding) => !explained.has(findingKey(finding))).map((finding) => findingRow(finding, byId)),
    ...siteHosts(report),
  };
}
