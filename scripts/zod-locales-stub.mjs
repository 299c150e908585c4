// The single file's stand-in for zod's locales index: netreq's messages are English only, and the
// other ~40 locales are a quarter of a megabyte that every start would compile.
export { default as en } from 'zod/v4/locales/en.js';
