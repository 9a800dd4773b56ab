import { fail, ok, type Result } from './errors';

/** Change tickets are named CHG-YYYY-NNNN: the year and a sequence number within it. */
const pattern = /^CHG-(\d{4})-(\d{4,})$/i;

export function formatChangeId(year: number, sequence: number): string {
  return `CHG-${year}-${String(sequence).padStart(4, '0')}`;
}

export function parseChangeId(text: string): Result<{ id: string; year: number; sequence: number }> {
  const m = pattern.exec(text.trim());
  if (!m) return fail('change_id_invalid', `"${text}" is not a change id; they look like CHG-2026-0042.`);
  const year = Number(m[1]);
  const sequence = Number(m[2]);
  return ok({ id: formatChangeId(year, sequence), year, sequence });
}
