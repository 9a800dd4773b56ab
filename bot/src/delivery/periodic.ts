import { sleep } from './backoff';

/**
 * Runs `tick` every `intervalInMs` until stopped (or, given `until`, until it holds after a tick);
 * a failing tick is reported and the loop goes on.
 */
export class Periodic {
  private running?: { stop: AbortController; loop: Promise<void> };

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly options: { intervalInMs: number; immediately: boolean; onError: (err: unknown) => void; until?: () => boolean },
  ) {}

  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    const loop = (async () => {
      let first = true;
      while (!stop.signal.aborted) {
        if (!(first && this.options.immediately)) await sleep(this.options.intervalInMs, stop.signal);
        first = false;
        if (stop.signal.aborted) break;
        await this.tick().catch(this.options.onError);
        if (this.options.until?.()) break;
      }
    })();
    this.running = { stop, loop };
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running.stop.abort();
    await this.running.loop;
    this.running = undefined;
  }
}
