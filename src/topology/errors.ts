/** Bad topology input (a flag, an answers file): the CLI turns it into a usage error, exit code 2. */
export class TopologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}
