import { randomBytes } from 'node:crypto';
import { startAzurite, type RunningAzurite } from '../../bot/dev/azurite';

let running: Promise<RunningAzurite> | undefined;

/** One in-memory Azurite for the whole test run, started on first use and stopped at the end. */
export function sharedAzurite(): Promise<RunningAzurite> {
  running ??= startAzurite();
  return running;
}

/** A table-name prefix no other test uses (letters and digits, as Azure requires). */
export function uniquePrefix(name = 't'): string {
  return `${name}${randomBytes(4).toString('hex')}`;
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (running) await (await running).stop();
  },
};
