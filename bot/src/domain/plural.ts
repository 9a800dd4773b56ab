/** "1 window", "3 windows": a count with its noun, singular or plural as the number asks. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
