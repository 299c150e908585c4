import type { Command } from './types.js';
import { checkCommand } from './check.js';
import { rulesCommand } from './rules.js';
import { wizardCommand } from './wizard.js';

export const COMMANDS: readonly Command[] = [wizardCommand, checkCommand, rulesCommand];
