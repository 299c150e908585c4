/** Services that may rightly hold a port a peer rule names: their answer there is fine. */
interface ExpectedService {
  readonly port: number;
  readonly protocol: string;
  readonly name: string;
}

const EXPECTED: readonly ExpectedService[] = [
  { port: 22, protocol: 'ssh', name: 'an SSH server' },
  { port: 179, protocol: 'bgp', name: "a BGP speaker (Calico's BIRD)" },
];

/** The service expected on this port that the recognised protocol shows, if any. */
export function expectedService(port: number, protocol: string | undefined): string | undefined {
  if (protocol === undefined) return undefined;
  return EXPECTED.find((service) => service.port === port && service.protocol === protocol)?.name;
}
