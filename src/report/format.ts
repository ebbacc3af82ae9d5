// Display formatting shared by every report. Locale is fixed (en-US) so output is identical on
// every machine. Money is only ever formatted from the result's rounded `usd` numbers; nothing
// here adds amounts up.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fourDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** `$1,234.56`: an amount already rounded to the cent. */
export function formatUsd(usd: number): string {
  return sign(usd) + '$' + cents.format(Math.abs(usd));
}

/** A rate such as $/hour: cents above $1, four decimals below so small rates stay readable. */
export function formatUsdRate(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  const abs = Math.abs(usd);
  return sign(usd) + '$' + (abs >= 1 || abs === 0 ? cents.format(abs) : fourDecimals.format(abs));
}

/**
 * A small amount such as a cost per job: like formatUsdRate, but three significant digits below
 * one cent so $0.00109 does not print as $0.0011.
 */
export function formatUsdSmall(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  const abs = Math.abs(usd);
  if (abs >= 0.01 || abs === 0) return formatUsdRate(usd);
  return sign(usd) + '$' + Number(abs.toPrecision(3)).toFixed(Math.max(4, 2 - Math.floor(Math.log10(abs))));
}

/** An integer count with thousands separators. */
export function formatCount(n: number): string {
  return grouped.format(Math.round(n));
}

/** A plain number with `digits` decimals and thousands separators. */
export function formatNumber(n: number, digits = 2): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/**
 * A share (0..1) as a percentage with precision that keeps small non-zero shares visible:
 * 0 → `0%`, 0.00004 → `0.004%`, 0.0123 → `1.2%`, 0.5 → `50%`.
 */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '—';
  const pct = share * 100;
  if (pct === 0) return '0%';
  const abs = Math.abs(pct);
  const digits = abs >= 10 ? 0 : abs >= 1 ? 1 : abs >= 0.1 ? 2 : 3;
  const text = pct.toFixed(digits);
  // A tiny non-zero share must not print as 0%.
  return (Number(text) === 0 ? (pct > 0 ? '<0.001' : '>-0.001') : text) + '%';
}

/** A share as a percentage with every significant digit up to four decimals: 0.999 → `99.9%`. */
export function formatShareExact(share: number): string {
  return `${Number((share * 100).toFixed(4))}%`;
}

/** A decimal string (e.g. a billed quantity) shown with at most `maxFraction` decimals. */
export function formatDecimalString(value: string, maxFraction = 4): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFraction }).format(n);
}

/** Seconds as the largest sensible unit: `90 s`, `45 min`, `36 h`, `14 days`. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${formatNumber(seconds, seconds % 1 === 0 ? 0 : 1)} s`;
  if (seconds < 2 * 3600) return `${formatNumber(seconds / 60, seconds % 60 === 0 ? 0 : 1)} min`;
  if (seconds < 2 * 86400) return `${formatNumber(seconds / 3600, seconds % 3600 === 0 ? 0 : 1)} h`;
  return `${formatNumber(seconds / 86400, seconds % 86400 === 0 ? 0 : 1)} days`;
}

/** A moment of the run as `day 2, 04:13` (day 0 is the first day). */
export function formatRunTime(seconds: number): string {
  const day = Math.floor(seconds / 86400);
  const rest = seconds - day * 86400;
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0');
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0');
  return `day ${day}, ${hh}:${mm}`;
}

/** Cents as an integer, to compare or subtract rounded amounts exactly. */
export function toCents(usd: number): number {
  return Math.round(usd * 100);
}

function sign(n: number): string {
  return n < 0 ? '-' : '';
}
