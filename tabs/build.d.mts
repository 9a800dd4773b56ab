export interface BuiltTab {
  outdir: string;
  /** Every file written, relative to outdir. */
  files: string[];
  /** The JS files the first render loads (the entry and its static imports), relative to outdir. */
  initialJs: string[];
  entry: string;
}
/** Bundles the tab into outdir (default dist/tab): minified for production, quicker without. */
export function buildTab(options?: { production?: boolean; outdir?: string }): Promise<BuiltTab>;
