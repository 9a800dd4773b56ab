import { versionPattern } from '../../domain/release';

/**
 * JSON schema of the body of POST /api/releases (and of a release form): a Release without
 * what withReleaseDefaults fills in. Formats: `date` is yyyy-MM-dd, `https-url` an https:// URL
 * (both registered in release-body.ts). The size limits keep every stored field in one Table
 * property (64 KiB).
 */
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '\\S' }) as const;
const textList = (maxItems: number, maxLength: number, minItems = 0) =>
  ({ type: 'array', minItems, maxItems, items: text(maxLength) }) as const;
const httpsUrl = { type: 'string', maxLength: 2000, format: 'https-url' } as const;
const date = { type: 'string', format: 'date' } as const;

export const releaseBodySchema = {
  $id: 'upgrade-desk/release-body',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'kind', 'availableOn', 'highlights'],
  properties: {
    version: { type: 'string', maxLength: 20, pattern: versionPattern.source },
    kind: { type: 'string', enum: ['major', 'minor'] },
    availableOn: date,
    highlights: textList(30, 500, 1),
    roadmap: { ...textList(30, 500), default: [] },
    releaseNotesUrl: httpsUrl,
    townhall: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { date, recordingUrl: httpsUrl, deckUrl: httpsUrl },
    },
    prerequisites: { ...textList(30, 500), default: [] },
    runbook: {
      type: 'array',
      maxItems: 50,
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'runBy', 'estimateInMinutes'],
        properties: {
          title: text(300),
          runBy: text(100),
          requiresGlobalAdmin: { type: 'boolean', default: false },
          estimateInMinutes: { type: 'integer', minimum: 1, maximum: 10_080 },
        },
      },
    },
    outages: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['features', 'minMinutes', 'maxMinutes'],
        properties: {
          features: textList(20, 100, 1),
          minMinutes: { type: 'integer', minimum: 0, maximum: 1_440 },
          maxMinutes: { type: 'integer', minimum: 1, maximum: 1_440 },
        },
      },
    },
    contentFreezeAdvised: { type: 'boolean' },
  },
} as const;
