/**
 * Documentation-range addresses for simulated hosts (RFC 5737, RFC 3849): never a sinkhole,
 * never anyone's real server. When the three /24s run out, the benchmarking range 198.18.0.0/15 follows.
 */
export class AddressPool {
  private next4 = 0;
  private next6 = 1;
  private readonly taken = new Set<string>();

  reserve(address: string): void {
    this.taken.add(address);
  }

  take4(): string {
    for (;;) {
      const address = AddressPool.v4(this.next4);
      this.next4 += 1;
      if (!this.taken.has(address)) {
        this.taken.add(address);
        return address;
      }
    }
  }

  take6(): string {
    for (;;) {
      const address = `2001:db8::${this.next6.toString(16)}`;
      this.next6 += 1;
      if (!this.taken.has(address)) {
        this.taken.add(address);
        return address;
      }
    }
  }

  private static v4(index: number): string {
    const blocks = ['203.0.113', '198.51.100', '192.0.2'];
    const block = blocks[Math.floor(index / 254)];
    if (block !== undefined) return `${block}.${(index % 254) + 1}`;
    const rest = index - blocks.length * 254;
    // 198.18.0.0/15: 131072 addresses, skipping .0 and .255 in each /24.
    const third = Math.floor(rest / 254);
    return `198.${18 + Math.floor(third / 256)}.${third % 256}.${(rest % 254) + 1}`;
  }
}
