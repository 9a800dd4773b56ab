import { randomBytes } from 'node:crypto';
import { startAzurite, type RunningAzurite } from '../../bot/dev/azurite';

// Mocha loads this file as a root-hook plugin (CommonJS) and tests import it (ESM): two module
// instances. The one Azurite lives on globalThis so the root hook stops the one the tests started.
const slot = globalThis as { __upgradeDeskAzurite?: Promise<RunningAzurite> };

/** One in-memory Azurite for the whole test run, started on first use and stopped at the end. */
export function sharedAzurite(): Promise<RunningAzurite> {
  slot.__upgradeDeskAzurite ??= startAzurite();
  return slot.__upgradeDeskAzurite;
}

/** A table-name prefix no other test uses (letters and digits, as Azure requires). */
export function uniquePrefix(name = 't'): string {
  return `${name}${randomBytes(4).toString('hex')}`;
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    const running = slot.__upgradeDeskAzurite;
    slot.__upgradeDeskAzurite = undefined;
    if (running) await (await running).stop();
  },
};
