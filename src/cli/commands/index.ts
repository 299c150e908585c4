import type { Command } from './types.js';
import { checkCommand } from './check.js';
import { rulesCommand } from './rules.js';

export const COMMANDS: readonly Command[] = [checkCommand, rulesCommand];
