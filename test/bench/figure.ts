/** One benchmark figure, printed as a line for people or as one JSON object with --json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, measured in the same run. */
  baseline?: number;
  ratio?: number;
  target: string;
  /** 429 answers seen, for delivery figures. */
  http429?: number;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

export function formatFigure(f: Figure): string {
  const base = f.baseline !== undefined ? `  baseline ${f.baseline} ${f.unit}  ratio ${f.ratio}` : '';
  const extra = f.http429 !== undefined ? `  http429 ${f.http429}` : '';
  return `${f.name.padEnd(34)} ${String(f.value).padStart(10)} ${f.unit.padEnd(6)}${base}${extra}  (target ${f.target})`;
}
