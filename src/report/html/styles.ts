/** The page's only style sheet: ours, constant, inlined (the CSP allows inline styles, nothing else). */
export const STYLES = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 0 0 .4rem; }
code, pre { font: 12.5px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre { background: #f6f6f8; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #eee; padding: .25rem .5rem; }
.counts span { display: inline-block; margin-right: 1rem; font-weight: 600; }
.finding { border-left: 4px solid #999; padding: .5rem .9rem; margin: .8rem 0; background: #fafafa; }
.finding.fail { border-color: #c62828; }
.finding.warn { border-color: #ef6c00; }
.finding.skip { border-color: #9e9e9e; }
.status { font-weight: 700; margin-right: .5rem; }
.fail .status, .status.fail { color: #c62828; }
.warn .status, .status.warn { color: #ef6c00; }
.status.pass { color: #2e7d32; }
.remediation { background: #fff8e1; padding: .4rem .6rem; }
.muted { color: #666; }
dl { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
`;
