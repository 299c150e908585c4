/**
 * JSON escapes C0 controls itself but writes DEL, C1 controls (0x9b is an 8-bit CSI to some
 * terminals), line separators and bidi overrides as they are. Someone will `cat` a report.json:
 * these become `\uXXXX`, which parses back to the same value. They only occur inside strings.
 */
const RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function terminalSafeJson(text: string): string {
  return text.replace(RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
