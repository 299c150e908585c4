import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FleetReport } from '../../schema/index.js';
import { FleetPage, type FoldNames } from './FleetPage.js';

/**
 * fleet.html: one self-contained page (no script, no network: the Report page's CSP). Whatever a
 * node sent (its name, its findings' texts) is text React escapes by construction.
 */
export function renderFleetHtml(report: FleetReport, foldNames: FoldNames): string {
  return `<!DOCTYPE html>\n${renderToStaticMarkup(createElement(FleetPage, { report, foldNames }))}\n`;
}
