/** The body of POST /api/upgrades/:id/events: one lifecycle event from a deployment script. */
export const upgradeEventBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event'],
  properties: {
    /** A short event name (start, instance-start ... complete, rollback-start, rollback-complete) or "overrun". */
    event: { type: 'string', minLength: 1, maxLength: 40 },
    /** A note posted with the communication. */
    note: { type: 'string', maxLength: 2000 },
    /** For an overrun: why. For a start before the window (at most 24 hours before): why it starts early. */
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    /** For an overrun: the new estimated completion, an ISO 8601 instant with its offset. */
    newEta: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' },
  },
} as const;

export interface UpgradeEventBody {
  event: string;
  note?: string;
  reason?: string;
  newEta?: string;
}
