import type { Command } from './types.js';
import { rulesCommand } from './rules.js';

export const COMMANDS: readonly Command[] = [rulesCommand];
