import type { Command } from './types.js';

/**
 * Every command, loaded on demand: `--version` and each command pay only for what they use
 * (the single-file build keeps one file; esbuild defers each module until it is imported).
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  wizard: async () => (await import('./wizard.js')).wizardCommand,
  check: async () => (await import('./check.js')).checkCommand,
  rules: async () => (await import('./rules.js')).rulesCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
  scenarios: async () => (await import('./scenarios.js')).scenariosCommand,
  listen: async () => (await import('./listen.js')).listenCommand,
  diff: async () => (await import('./diff.js')).diffCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  report: async () => (await import('./report.js')).reportCommand,
  fleet: async () => (await import('./fleet.js')).fleetCommand,
};
