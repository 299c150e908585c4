import type { Command } from './types.js';
import { checkCommand } from './check.js';
import { demoCommand } from './demo.js';
import { rulesCommand } from './rules.js';
import { scenariosCommand } from './scenarios.js';
import { wizardCommand } from './wizard.js';
import { listenCommand } from './listen.js';
import { diffCommand } from './diff.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';

export const COMMANDS: readonly Command[] = [wizardCommand, checkCommand, rulesCommand, demoCommand, scenariosCommand, listenCommand, diffCommand, mergeCommand, reportCommand];
