// Loaded lazily (dynamic import) so react-dom/server is read only when a page is rendered.
export { renderHtml } from './render-html.js';
export { renderFleetHtml } from './render-fleet-html.js';
export { CSP } from './PageHead.js';
