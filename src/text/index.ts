export { wrap, pad, fit, hardWrap, wrapCommand, type WrapOptions } from './wrap.js';
