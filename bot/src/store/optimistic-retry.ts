import { UpgradeDeskError } from '../domain/errors';
import { isLostRace } from './table-errors';

export interface OptimisticRetryOptions {
  /** What is being changed, for the message when every attempt lost ("the change-id counter"). */
  what: string;
  maxAttempts?: number;
}

/**
 * Runs a read-modify-write guarded by ETags (or by create-if-absent) until it goes through.
 * A lost race is retried after a short random pause, so concurrent writers spread out.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T>, options: OptimisticRetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 100;
  let lastError: unknown;
  for (let i = 0; i < maxAttempts; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isLostRace(err)) throw err;
      lastError = err;
      await pause(Math.random() * Math.min(50, 2 + 2 * i));
    }
  }
  throw new UpgradeDeskError('conflict', `Too many changes to ${options.what} at once; try again in a moment.`, {
    cause: lastError,
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
