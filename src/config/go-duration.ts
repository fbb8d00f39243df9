// Go's time.ParseDuration, for Prow's duration strings ("1m", "1h30m", "500ms"). Pure.

const UNITS_MS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/** Milliseconds, or undefined if Go would reject the string. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * UNITS_MS[part[2]!]!;
  }
  return m[1] === '-' ? -total : total;
}

export const GO_DURATION_HINT = 'a Go duration such as "30s", "5m" or "1h30m"';
