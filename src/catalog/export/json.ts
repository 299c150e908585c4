import type { RuleListing } from './rows.js';

/** One JSON array of rows; `proxyHost` is an export detail and stays out. */
export function renderJson(listing: RuleListing): string {
  const rows = [...listing.here, ...listing.elsewhere].map(({ proxyHost: _proxyHost, ...row }) => row);
  return `${JSON.stringify(rows, null, 2)}\n`;
}
