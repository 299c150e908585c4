import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Environment } from '../../schema/index.js';
import type { Report } from '../../schema/index.js';
import { ReportPage } from './ReportPage.js';

/**
 * report.html: one self-contained page (no script, no network, a CSP that forbids both). Every
 * piece of evidence is text that React escapes by construction; nothing is assembled by string.
 */
export function renderHtml(report: Report, environment?: Environment): string {
  return `<!DOCTYPE html>\n${renderToStaticMarkup(createElement(ReportPage, { report, environment }))}\n`;
}
