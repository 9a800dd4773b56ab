import assert from 'node:assert/strict';
import type { Actor } from '../../../../bot/src/domain/audit';
import { defaultDecisionPolicy } from '../../../../bot/src/domain/client';
import type { UpgradeDeskError } from '../../../../bot/src/domain/errors';
import { transition, type Transition, type TransitionContext, type UpgradeEvent } from '../../../../bot/src/domain/lifecycle';
import type { Release } from '../../../../bot/src/domain/release';
import type { Communication, Upgrade } from '../../../../bot/src/domain/upgrade';
import type { UpgradeWindow } from '../../../../bot/src/domain/window';

export const csa: Actor = { id: 'csa-1', name: 'Casey Stone', role: 'csa' };
export const owner: Actor = { id: 'owner-1', name: 'Olivia Park', role: 'owner' };
export const engineer: Actor = { id: 'eng-1', name: 'Eli Moreno', role: 'engineer' };

export type ReleaseFacts = Pick<Release, 'kind' | 'prerequisites' | 'contentFreezeAdvised'>;
export const major: ReleaseFacts = { kind: 'major', prerequisites: ['Backup taken', 'SSO app registered'], contentFreezeAdvised: true };
export const minor: ReleaseFacts = { kind: 'minor', prerequisites: [], contentFreezeAdvised: false };

export const now = new Date('2026-11-25T10:00:00Z');
export const fridayWindow: UpgradeWindow = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
export const tuesdayWindow: UpgradeWindow = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };

export function ctx(release: ReleaseFacts, actor: Actor = csa, at: Date = now): TransitionContext {
  return { now: at, actor, source: 'chat', release, decisionPolicy: defaultDecisionPolicy, ownerIds: [owner.id], timeZone: 'Europe/London' };
}

/** When the window `toReady` books opens: an engineer starts the upgrade on time from here. */
export const windowOpens = new Date(fridayWindow.startsAt);

export function newUpgrade(overrides: Partial<Upgrade> = {}): Upgrade {
  return {
    id: 'CHG-2026-0042', clientId: 'contoso', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'requested',
    proposedWindows: [], prerequisitesDone: [], createdAt: '2026-11-20T09:00:00.000Z', updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

/** Applies an event that must succeed, and returns its transition. */
export function step(upgrade: Upgrade, event: UpgradeEvent, context: TransitionContext): Transition {
  const result = transition(upgrade, event, context);
  if (!result.ok) assert.fail(`${event.type} was refused: ${result.error.userMessage}`);
  return result.value;
}

/** Applies events in turn; each must succeed. */
export function run(upgrade: Upgrade, events: UpgradeEvent[], context: TransitionContext): Upgrade {
  return events.reduce((u, e) => step(u, e, context).upgrade, upgrade);
}

/** Applies an event that must be refused, and checks the upgrade is left exactly as it was. */
export function refused(upgrade: Upgrade, event: UpgradeEvent, context: TransitionContext): UpgradeDeskError {
  const before = structuredClone(upgrade);
  const result = transition(upgrade, event, context);
  assert.deepEqual(upgrade, before, 'a refused event changes nothing');
  if (result.ok) return assert.fail(`${event.type} was accepted in state ${upgrade.state}`);
  return result.error;
}

export const say = (communication: Communication, note?: string): UpgradeEvent => ({ type: 'communicate', communication, ...(note ? { note } : {}) });

export const toReady = (release: ReleaseFacts): UpgradeEvent[] => [
  { type: 'propose', windows: [fridayWindow, tuesdayWindow] },
  { type: 'accept', window: fridayWindow },
  ...release.prerequisites.map((prerequisite): UpgradeEvent => ({ type: 'tick_prerequisite', prerequisite })),
  ...(release.kind === 'major' ? [{ type: 'record_cab', approver: 'Dana CAB', reference: 'CAB-881' } as const] : []),
];

export const mainLine: Communication[] = [
  'upgrade_start', 'instance_start', 'instance_complete', 'validation_start', 'validation_complete', 'upgrade_complete',
];

/** An upgrade in progress whose last communication is `last`, reached by the shortest valid path. */
export function inProgressAfter(last: Communication, release: ReleaseFacts = minor): Upgrade {
  const paths: Partial<Record<Communication, Communication[]>> = {
    instance_failure: ['upgrade_start', 'instance_start', 'instance_failure'],
    instance_retry_start: ['upgrade_start', 'instance_start', 'instance_failure', 'instance_retry_start'],
    validation_failure: ['upgrade_start', 'instance_start', 'instance_complete', 'validation_start', 'validation_failure'],
    validation_retry_start: ['upgrade_start', 'instance_start', 'instance_complete', 'validation_start', 'validation_failure', 'validation_retry_start'],
  };
  const path = paths[last] ?? mainLine.slice(0, mainLine.indexOf(last) + 1);
  const ready = run(newUpgrade(), toReady(release), ctx(release, engineer));
  // Started when the window opens: an earlier start needs the engineer's reason (or a new window).
  return run(ready, path.map((c) => say(c)), ctx(release, engineer, windowOpens));
}

/** The actor's vote on the upgrade's open decision. */
export function voteOn(upgrade: Upgrade, vote: 'go' | 'no_go'): UpgradeEvent {
  return { type: 'cast_vote', decisionId: upgrade.decision?.id ?? 'none', vote };
}
