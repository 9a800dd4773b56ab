import { performance } from 'node:perf_hooks';
/** One benchmark figure, printed as a line for people or as one JSON object with --json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, measured in the same run. */
  baseline?: number;
  ratio?: number;
  /** The target, in words. */
  target: string;
  /** The target as a check; without one the figure is informative: printed, never counted as met or missed. */
  goal?: Goal;
  /** 429 answers seen, for delivery figures. */
  http429?: number;
}

/** `of` (the value or the ratio) `op` `limit`; with `no429`, any 429 seen misses the target too. */
export interface Goal {
  of: 'value' | 'ratio';
  op: '<' | '<=' | '>=' | '>';
  limit: number;
  no429?: boolean;
}

/** A figure with its verdict: `met` for figures with a goal, `informative: true` for the others. */
export type Judged = Figure & ({ met: boolean; informative?: never } | { met?: never; informative: true });

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

/**
 * Times `measured` against its `baseline`, alternately (which goes first switches every run), so
 * both see the same machine; five warm-up rounds first. Returns the samples of each, in ms.
 */
export async function alternately(runs: number, measured: () => Promise<unknown>, baseline: () => Promise<unknown>): Promise<{ measured: number[]; baseline: number[] }> {
  for (let i = 0; i < 5; i++) {
    await baseline();
    await measured();
  }
  const out = { measured: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const order: [number[], () => Promise<unknown>][] = i % 2 ? [[out.baseline, baseline], [out.measured, measured]] : [[out.measured, measured], [out.baseline, baseline]];
    for (const [samples, query] of order) {
      const t = performance.now();
      await query();
      samples.push(performance.now() - t);
    }
  }
  return out;
}

/** Whether the figure met its goal (a NaN or missing number never does); undefined when it has none. */
export function met(f: Figure): boolean | undefined {
  const g = f.goal;
  if (!g) return undefined;
  const x = g.of === 'ratio' ? f.ratio : f.value;
  if (x === undefined || !Number.isFinite(x)) return false;
  const within = g.op === '<' ? x < g.limit : g.op === '<=' ? x <= g.limit : g.op === '>=' ? x >= g.limit : x > g.limit;
  return within && !(g.no429 && (f.http429 ?? 0) > 0);
}

export function judge(f: Figure): Judged {
  const verdict = met(f);
  return verdict === undefined ? { ...f, informative: true } : { ...f, met: verdict };
}

export function formatFigure(f: Figure): string {
  const verdict = met(f);
  const mark = verdict === undefined ? '·' : verdict ? '✔' : '✘';
  const base = f.baseline !== undefined ? `  baseline ${f.baseline} ${f.unit}  ratio ${f.ratio}` : '';
  const extra = f.http429 !== undefined ? `  http429 ${f.http429}` : '';
  return `${mark} ${f.name.padEnd(34)} ${String(f.value).padStart(10)} ${f.unit.padEnd(7)}${base}${extra}  (target ${f.target})`;
}

/** "N of M figures met": informative figures are not counted (M is the figures with a goal). */
export function summaryLine(figures: readonly Figure[], suitesFailed = 0): string {
  const judged = figures.map(met);
  const counted = judged.filter((v) => v !== undefined).length;
  const ok = judged.filter((v) => v === true).length;
  const informative = figures.length - counted;
  const notes = [informative > 0 ? `${informative} informative, not counted` : '', suitesFailed > 0 ? `${suitesFailed} suite(s) failed to run` : '']
    .filter(Boolean)
    .join('; ');
  return `${ok} of ${counted} figures met${notes ? ` (${notes})` : ''}`;
}

/** Prints figures as they come: a line each, or one JSON object each (with `met` or `informative`) with --json. */
export function printFigures(figures: readonly Figure[], json: boolean): void {
  for (const f of figures) console.log(json ? JSON.stringify(judge(f)) : formatFigure(f));
}

/**
 * Prints the closing "N of M figures met" line (on stderr with --json, so stdout holds only
 * figures) and returns how many figures missed their target.
 */
export function printSummary(figures: readonly Figure[], options: { json: boolean; suitesFailed?: number; note?: string }): number {
  const line = `${summaryLine(figures, options.suitesFailed)}${options.note ? ` ${options.note}` : ''}`;
  if (options.json) console.error(line);
  else console.log(line);
  return figures.filter((f) => met(f) === false).length;
}
