export interface BackoffOptions {
  /** The first retry waits about this long. */
  baseInMs?: number;
  /** No retry waits longer than this (Retry-After excepted). */
  capInMs?: number;
}

/**
 * Capped exponential backoff with "equal jitter": half the step, plus a random part of the
 * other half, so retries of many deliveries do not line up. `attempt` counts from 1.
 */
export function backoffDelayInMs(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseInMs ?? 500;
  const cap = options.capInMs ?? 30_000;
  const step = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
