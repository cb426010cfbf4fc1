/** A GitHub-flavoured Markdown table; columns after the first are right-aligned unless told otherwise. */
export function table(headers: string[], rows: string[][], leftColumns = 1): string {
  const align = headers.map((_, i) => (i < leftColumns ? '---' : '---:'));
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A whole number with thousands separators. */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds, with one decimal below 100 ms. */
export function ms(value: number): string {
  return value < 100 ? `${value.toFixed(1)} ms` : `${int(value)} ms`;
}

/** Seconds, with one decimal. */
export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}

/** Mebibytes from kibibytes. */
export function mib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

/**
 * `this ÷ other`, e.g. `0.40×`. Below 1: this library is smaller or faster.
 * Both zero: `same (0)`; other zero only: `n/a`.
 */
export function ratio(self: number, other: number): string {
  if (other === 0) {
    return self === 0 ? 'same (0)' : 'n/a';
  }
  const r = self / other;
  if (r === 0) {
    return '0×';
  }
  return `${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}×`;
}
