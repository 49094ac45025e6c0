// The printed table of `npm run bench`: one line per figure, its target and pass/MISS.
export type Verdict = 'pass' | 'MISS' | '';
/** a figure starting with '#' is a heading line, printed as is (without the '#') */
export interface Line { figure: string; value: string; target: string; verdict: Verdict }

export function table(lines: Line[]): string {
  const rows = lines.filter((l) => !l.figure.startsWith('#'));
  const w = [0, 0, 0].map((_, i) => Math.max(...rows.map((l) => [l.figure, l.value, l.target][i].length), [8, 6, 6][i]));
  const row = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c.padEnd(w[2])}  ${d}`;
  return [row('figure', 'value', 'target', 'result'), row('-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(w[2]), '------'),
    ...lines.map((l) => (l.figure.startsWith('#') ? l.figure.slice(1) : row(l.figure, l.value, l.target, l.verdict)))].join('\n');
}

export const ms = (x: number | undefined, d = 0): string => (x === undefined ? 'n/a' : `${x.toFixed(d)} ms`);
export const check = (ok: boolean | undefined): Verdict => (ok === undefined ? 'MISS' : ok ? 'pass' : 'MISS');
