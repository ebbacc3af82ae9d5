// Numbers written as ASCII digits straight into a byte buffer, for timeseries.csv (hundreds of
// megabytes for a year): no string per cell. A cell reads as `String()` of the value rounded to
// its places would, "-0" included; NaN, ±Infinity and huge values take String() itself (rare).

const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** POW10[i] = 10^i, the double nearest it (exact up to 10^22; float32 reaches 3.4e38). */
const POW10 = Array.from({ length: 40 }, (_, i) => Number(`1e${i}`));

/** Beyond this many digits a double's shortest decimal may be shorter than its integer digits. */
const EXACT_DIGITS_BELOW = 1e15;

/** The most bytes one cell can take (the String() fallback of a double is at most 24). */
export const MAX_NUMBER_BYTES = 32;

/** The ASCII pairs "00", "01", … "99", two bytes each. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** Digits of 0 ≤ v < 2^31. */
function digitCount(v: number): number {
  if (v < 1e5) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 1e4 ? 4 : 5;
  return v < 1e6 ? 6 : v < 1e7 ? 7 : v < 1e8 ? 8 : v < 1e9 ? 9 : 10;
}

/**
 * Writes the digits of an integer 0 ≤ n < 1e16, left-padded with zeros to `width`; returns the
 * end. Below 2^31 the arithmetic stays in int32: a double's `%` is a call into C.
 */
export function writeUint(buf: Uint8Array, pos: number, n: number, width = 1): number {
  if (n >= 2147483648) {
    const high = Math.floor(n / 1e9);
    pos = writeUint(buf, pos, high, width - 9);
    return writeUint(buf, pos, n - high * 1e9, 9);
  }
  let v = n | 0;
  const end = pos + Math.max(digitCount(v), width);
  let i = end;
  // Two digits per division, from a table of the pairs "00" … "99".
  while (i - 2 >= pos) {
    const q = (v / 100) | 0;
    const pair = (v - q * 100) << 1;
    buf[--i] = PAIRS[pair + 1];
    buf[--i] = PAIRS[pair];
    v = q;
  }
  if (i > pos) buf[--i] = ZERO + v;
  return end;
}

/** 10^i as int32, i ≤ 9. */
const UNIT = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Writes the integer `n` (|n| < 2^31) shifted `places` decimals right (0 ≤ places ≤ 9), trailing
 * zeros trimmed, "-" for negative n and for -0: the common cell, all in int32 arithmetic.
 */
export function writeScaled(buf: Uint8Array, pos: number, n: number, places: number): number {
  if (n < 0 || (n === 0 && 1 / n < 0)) {
    buf[pos++] = MINUS;
    n = -n;
  }
  const v = n | 0;
  const unit = UNIT[places];
  const whole = (v / unit) | 0;
  return writeFraction(buf, writeUint(buf, pos, whole), v - whole * unit, places);
}

/** Writes `.fraction` as `places` decimals without trailing zeros (nothing for 0); fraction < 10^places ≤ 10^9. */
function writeFraction(buf: Uint8Array, pos: number, fraction: number, places: number): number {
  if (fraction === 0) return pos;
  let f = fraction | 0;
  let p = places;
  for (let q = (f / 10) | 0; f === q * 10; q = (f / 10) | 0) {
    f = q;
    p--;
  }
  buf[pos++] = DOT;
  return writeUint(buf, pos, f, p);
}

function writeText(buf: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}

/**
 * Writes `x` rounded to `places` decimals (≤ 9; negative: to tens, hundreds, ...; Math.round's
 * half up), trailing zeros trimmed: the text of `String(Math.round(x × 10^places) / 10^places)`,
 * with "-0" for a negative value that rounds to zero. Returns the position after the last byte.
 */
export function writeRounded(buf: Uint8Array, pos: number, x: number, places: number): number {
  const n = places >= 0 ? Math.round(x * POW10[places]) : Math.round(x / POW10[-places]);
  const a = Math.abs(n);
  // NaN, ±Infinity, and magnitudes where String() switches to exponents or fewer digits.
  if (!(a < EXACT_DIGITS_BELOW) || places > 9 || (places < 0 && a * POW10[-places] >= 1e21)) {
    const rounded = places >= 0 ? n / POW10[places] : n * POW10[-places];
    return writeText(buf, pos, Object.is(rounded, -0) ? '-0' : String(rounded));
  }
  if (places >= 0 && a < 2147483648) return writeScaled(buf, pos, n, places);
  if (n < 0 || (n === 0 && 1 / n < 0)) buf[pos++] = MINUS;
  if (places <= 0) {
    pos = writeUint(buf, pos, a);
    if (a !== 0) for (let k = places; k < 0; k++) buf[pos++] = ZERO;
    return pos;
  }
  const whole = Math.floor(a / POW10[places]);
  return writeFraction(buf, writeUint(buf, pos, whole), a - whole * POW10[places], places);
}
