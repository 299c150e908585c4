import type { Command } from './types.js';
import { EXIT } from '../exit-codes.js';

// Placeholder until the catalog lands: prints nothing useful yet.
export const rulesCommand: Command = {
  name: 'rules',
  summary: 'the selected rules, for a firewall request',
  help: 'netreq rules [options]\n',
  async run(_args, io) {
    io.stdout.write('[]\n');
    return EXIT.ok;
  },
};
