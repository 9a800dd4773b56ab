/** A counting semaphore: at most `capacity` units held at once, waiters served in order. */
export class Slots {
  private free: number;
  private readonly waiting: { units: number; resolve: () => void }[] = [];

  constructor(readonly capacity: number) {
    this.free = capacity;
  }

  /** Resolves once `units` (at most the capacity) are held by the caller. */
  acquire(units: number): Promise<void> {
    const wanted = Math.min(units, this.capacity);
    if (this.waiting.length === 0 && this.free >= wanted) {
      this.free -= wanted;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ units: wanted, resolve }));
  }

  /** Takes up to `max` units that are free now, without waiting; returns how many. */
  tryAcquire(max: number): number {
    if (this.waiting.length > 0) return 0;
    const taken = Math.max(0, Math.min(max, this.free));
    this.free -= taken;
    return taken;
  }

  release(units: number): void {
    this.free = Math.min(this.capacity, this.free + units);
    while (this.waiting.length > 0 && this.free >= this.waiting[0]!.units) {
      const next = this.waiting.shift()!;
      this.free -= next.units;
      next.resolve();
    }
  }
}
