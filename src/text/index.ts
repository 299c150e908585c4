export { wrap, pad, fit, hardWrap, wrapCommand, type WrapOptions } from './wrap.js';
export { statusSymbol, statusLabel, type SymbolStatus, type SymbolOptions } from './status-symbols.js';
export { markdownEscape, markdownCode, longestBackticks } from './markdown.js';
