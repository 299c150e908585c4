import { arch, platform, release } from 'node:os';
import { chooseEdition, type Catalog } from '../catalog/index.js';
import { buildReport } from '../diagnose/index.js';
import { redactUrl, type Network, type ProxySettings } from '../net/index.js';
import { summarize } from '../report/index.js';
import { findingKey, type Elsewhere, type Finding, type Report, type ReportEdition } from '../schema/index.js';
import type { Topology } from '../topology/index.js';
import { VERSION } from '../version.js';

/** The topology as it may be shown: the proxy's password masked. */
export function redactTopology(topology: Topology): Record<string, unknown> {
  return {
    ...topology,
    ...(topology.proxy ? { proxy: { ...topology.proxy, url: redactUrl(topology.proxy.url) } } : {}),
  };
}

/** The run's own environment for the report: where it ran, its resolvers and proxy (passwords masked). */
export function environmentOf(network: Network, proxy: ProxySettings): Record<string, unknown> {
  return {
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    network: network.kind,
    resolvers: network.nameservers().map((s) => (s.port === 53 ? s.address : `${s.address}:${s.port}`)),
    ...(network.connectTo ? { connectTo: network.connectTo } : {}),
    proxy: {
      ...(proxy.httpsProxy ? { httpsProxy: redactUrl(proxy.httpsProxy) } : {}),
      ...(proxy.httpProxy ? { httpProxy: redactUrl(proxy.httpProxy) } : {}),
      noProxy: proxy.noProxy,
      sources: proxy.sources,
      ...(proxy.curlNotes.length > 0 ? { curlNotes: proxy.curlNotes } : {}),
    },
  };
}

export interface SiteReportInput {
  readonly catalog: Catalog;
  readonly topology: Topology;
  readonly network: Network;
  readonly proxy: ProxySettings;
  readonly scenario?: string | undefined;
  readonly startedAt: Date;
  /** When the last check ended (the host facts read after it are not part of the run's time). */
  readonly finishedAt: Date;
  readonly interrupted: boolean;
  /** In plan order, then this machine's own findings. */
  readonly findings: readonly Finding[];
  readonly elsewhere: readonly Elsewhere[];
}

/** The Report of one run. */
/** The edition each product was checked by, and why. */
export function reportEditions(catalog: Catalog, topology: Topology): ReportEdition[] {
  return topology.products.map((product) => {
    const chosen = chooseEdition(catalog, product, topology.versions?.[product]);
    return {
      product,
      id: chosen.edition.id,
      title: chosen.edition.title,
      ...(chosen.asked !== undefined ? { asked: chosen.asked } : {}),
      chosen: chosen.asked === undefined ? 'newest-default' : chosen.newerThanKnown === true ? 'newest-for-newer' : 'answer',
      sources: chosen.edition.sources.map((s) => ({ ...s })),
    };
  });
}

export function siteReport(input: SiteReportInput): Report {
  return buildReport({
    editions: reportEditions(input.catalog, input.topology),
    version: VERSION,
    catalogVersion: input.catalog.version,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    interrupted: input.interrupted,
    topology: redactTopology(input.topology),
    environment: environmentOf(input.network, input.proxy),
    ...(input.scenario !== undefined ? { scenario: input.scenario } : {}),
    findings: input.findings,
    elsewhere: input.elsewhere,
  });
}

/**
 * An earlier report with each re-checked target's latest finding in place of its old one, and
 * this machine's own findings (judged again from its host facts now) in place of the old ones.
 */
export function updatedReport(report: Report, latest: ReadonlyMap<string, Finding>, hostFindings: readonly Finding[] | undefined, interrupted: boolean, isHost: (f: Finding) => boolean, finishedAt: Date = new Date()): Report {
  const targets = report.findings.filter((f) => hostFindings === undefined || !isHost(f)).map((f) => (isHost(f) ? f : (latest.get(findingKey(f)) ?? f)));
  const findings = [...targets, ...(hostFindings ?? [])];
  return { ...report, findings, summary: summarize(findings), finishedAt: finishedAt.toISOString(), interrupted };
}
