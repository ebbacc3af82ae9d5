// Subnet IPs by Availability Zone. Each instance takes one (its primary interface) and each
// awsvpc task or Fargate task one more; a full subnet stops launches and placements in its AZ.

export class Subnets {
  private readonly free = new Map<string, number>();
  /** The AZs in subnet order (fixed: tasks and instances only ever hold IPs of these). */
  readonly azs: readonly string[];

  constructor(subnets: readonly { az: string; ips: number }[]) {
    for (const s of subnets) this.free.set(s.az, (this.free.get(s.az) ?? 0) + s.ips);
    this.azs = [...this.free.keys()];
  }

  has(az: string): boolean {
    return (this.free.get(az) ?? 0) > 0;
  }

  take(az: string): boolean {
    const n = this.free.get(az) ?? 0;
    if (n <= 0) return false;
    this.free.set(az, n - 1);
    return true;
  }

  give(az: string): void {
    this.free.set(az, (this.free.get(az) ?? 0) + 1);
  }

  /** Free IPs in the AZ. */
  freeIn(az: string): number {
    return this.free.get(az) ?? 0;
  }

  /** Takes `n` IPs in the AZ at once, or none (false) when fewer are free. */
  takeMany(az: string, n: number): boolean {
    const have = this.freeIn(az);
    if (n > have) return false;
    this.free.set(az, have - n);
    return true;
  }

  giveMany(az: string, n: number): void {
    this.free.set(az, this.freeIn(az) + n);
  }
}
