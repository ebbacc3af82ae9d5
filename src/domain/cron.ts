// Five-field cron expressions for scheduled scaling actions, on the simulation clock.
//
//   minute hour day-of-month month day-of-week        e.g. "0 8 * * MON-FRI"
//
// Each field is `*`, a value, a range `a-b`, a step `*/s`, `a-b/s` or `a/s` (a to the field's
// maximum), or a comma list of those. Months may be named JAN–DEC and days SUN–SAT (any case).
// Day-of-week numbers are Unix cron's: 0 and 7 are Sunday, 1 is Monday. `?` is accepted as `*`
// in the two day fields, as in AWS's expressions. As in Unix (Vixie) cron, when both day fields
// are restricted (neither is `*` or `?`) a day matches if EITHER matches; otherwise both must.
//
// AWS's own scheduled-action cron has six fields (a trailing year) and numbers days of the week
// 1 = Sunday (awsdocs/application-auto-scaling-user-guide:doc_source/
// scheduled-scaling-using-cron-expressions.md). capsim takes the five-field form only and says
// so when given six fields, rather than guess which day numbering was meant. Times are UTC
// (AWS's default time zone for scheduled actions).
//
// The calendar (documented choice; a scenario has no real date): t = 0 is Monday 1 January
// 00:00 UTC of a non-leap year, and the calendar continues from there as the Gregorian one does
// from 1 January 2018 (a Monday, not a leap year): the second year starts on a Tuesday and the
// third is a leap year. This agrees with the workload's "day 0 is a Monday" weeks.

import { FieldError } from './errors.js';

export interface Cron {
  readonly expression: string;
  /** minute[0..59], hour[0..23], dayOfMonth[1..31], month[1..12], dayOfWeek[0..6] (0 = Sunday). */
  readonly minute: readonly boolean[];
  readonly hour: readonly boolean[];
  readonly dayOfMonth: readonly boolean[];
  readonly month: readonly boolean[];
  readonly dayOfWeek: readonly boolean[];
  /** False when the field is `*` or `?` (Vixie cron's day-matching rule needs it). */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

/** Milliseconds of t = 0: Monday 2018-01-01 00:00 UTC, a non-leap year. */
const EPOCH_MS = Date.UTC(2018, 0, 1);
const DAY = 86400;
/** Longest search for the next firing: eight years covers every leap-day-only schedule. */
const MAX_SEARCH_DAYS = 8 * 366;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Longest month lengths (February 29 exists in leap years). */
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ALLOWED = 'five fields "minute hour day-of-month month day-of-week" (UTC), e.g. "0 8 * * MON-FRI", "*/15 * * * *", "30 18 1 * *"';

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of names[0] (months start at 1, days at 0). */
  nameBase?: number;
  allowed: string;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, allowed: '0-59' },
  { name: 'hour', min: 0, max: 23, allowed: '0-23' },
  { name: 'day-of-month', min: 1, max: 31, allowed: '1-31 (or ?)' },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1, allowed: '1-12 or JAN-DEC' },
  // 7 is Sunday as well as 0 (Unix cron); it is folded to 0 after parsing.
  { name: 'day-of-week', min: 0, max: 7, names: DAYS, nameBase: 0, allowed: '0-7 (0 and 7 = Sunday) or SUN-SAT (or ?)' },
];

function fail(expression: string, message: string, allowed = ALLOWED): never {
  throw new FieldError(`cron "${expression}": ${message}`, allowed);
}

function parseValue(expression: string, text: string, f: FieldSpec, rangeEnd: boolean): number {
  if (/^\d+$/.test(text)) {
    const v = Number(text);
    if (v < f.min || v > f.max) fail(expression, `${f.name} ${v} is out of range`, f.allowed);
    return v;
  }
  const upper = text.toUpperCase();
  const i = f.names?.indexOf(upper) ?? -1;
  if (i < 0) fail(expression, `cannot read "${text}" in the ${f.name} field`, f.allowed);
  // SUN closing a range (SAT-SUN, FRI-SUN) means day 7, so the range does not run backwards.
  if (f.name === 'day-of-week' && rangeEnd && i === 0) return 7;
  return i + (f.nameBase ?? 0);
}

function parseField(expression: string, text: string, f: FieldSpec): { set: boolean[]; restricted: boolean } {
  const set = new Array<boolean>(f.max + 1).fill(false);
  const dayField = f.name === 'day-of-month' || f.name === 'day-of-week';
  if (text === '?' && !dayField) fail(expression, `"?" is only allowed in the day-of-month and day-of-week fields, not in ${f.name}`);
  const restricted = text !== '*' && text !== '?';
  for (const item of text.split(',')) {
    if (item === '') fail(expression, `empty item in the ${f.name} field "${text}"`, f.allowed);
    const [rangeText, stepText, extra] = item.split('/');
    if (extra !== undefined) fail(expression, `"${item}" has more than one "/" in the ${f.name} field`, f.allowed);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(expression, `step "/${stepText}" in the ${f.name} field must be a whole number of at least 1`, f.allowed);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (rangeText === '*' || rangeText === '?') {
      from = f.min;
      to = f.name === 'day-of-week' ? 6 : f.max;
    } else if (rangeText.includes('-')) {
      const [a, b, more] = rangeText.split('-');
      if (more !== undefined || a === '' || b === '') fail(expression, `cannot read the range "${rangeText}" in the ${f.name} field`, f.allowed);
      from = parseValue(expression, a, f, false);
      to = parseValue(expression, b, f, true);
      if (from > to) fail(expression, `the ${f.name} range "${rangeText}" runs backwards (${from} > ${to})`, f.allowed);
    } else {
      from = parseValue(expression, rangeText, f, false);
      // "a/s" runs from a to the field's end (as cronie and AWS's "0/15" do); "a" alone is one value.
      to = stepText !== undefined ? (f.name === 'day-of-week' ? 6 : f.max) : from;
    }
    for (let v = from; v <= to; v += step) set[v] = true;
  }
  if (f.name === 'day-of-week') {
    if (set[7]) set[0] = true;
    set.length = 7;
  }
  return { set, restricted };
}

/** Parses a five-field cron expression; throws a `FieldError` naming the bad part. */
export function parseCron(expression: string): Cron {
  if (typeof expression !== 'string') fail(String(expression), 'a cron expression must be a string');
  const fields = expression.trim().split(/\s+/).filter((s) => s !== '');
  if (fields.length === 6) {
    fail(expression, 'has six fields; capsim takes five (no year). Drop the year field of an AWS expression, and note that here day-of-week 0 or 7 is Sunday and 1 is Monday (AWS: 1 = Sunday); names like MON-FRI mean the same in both');
  }
  if (fields.length !== 5) fail(expression, `has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected 5`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((text, i) => parseField(expression, text, FIELDS[i]));
  // A day-of-month that no chosen month has (30 FEB, 31 APR) never fires unless day-of-week also matches.
  if (dayOfMonth.restricted && !dayOfWeek.restricted) {
    let possible = false;
    for (let m = 1; m <= 12 && !possible; m++) {
      if (!month.set[m]) continue;
      for (let d = 1; d <= MONTH_DAYS[m]; d++) if (dayOfMonth.set[d]) possible = true;
    }
    if (!possible) fail(expression, `day-of-month "${fields[2]}" never occurs in month "${fields[3]}", so the action would never run`);
  }
  return {
    expression,
    minute: minute.set,
    hour: hour.set,
    dayOfMonth: dayOfMonth.set,
    month: month.set,
    dayOfWeek: dayOfWeek.set,
    dayOfMonthRestricted: dayOfMonth.restricted,
    dayOfWeekRestricted: dayOfWeek.restricted,
  };
}

/** The simulation calendar's date of day `day` (day 0 = Monday 1 January). */
export function calendarDay(day: number): { month: number; dayOfMonth: number; dayOfWeek: number } {
  const d = new Date(EPOCH_MS + day * DAY * 1000);
  return { month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate(), dayOfWeek: d.getUTCDay() };
}

function dayMatches(cron: Cron, day: number): boolean {
  const { month, dayOfMonth, dayOfWeek } = calendarDay(day);
  if (!cron.month[month]) return false;
  const dom = cron.dayOfMonth[dayOfMonth];
  const dow = cron.dayOfWeek[dayOfWeek];
  return cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? dom || dow : dom && dow;
}

/**
 * The first firing strictly after `afterSeconds` (seconds since t = 0; firings are on whole
 * minutes), or null when there is none in the next eight years. Pass a negative time (e.g. −1)
 * to include a firing at t = 0.
 */
export function nextFireTime(cron: Cron | string, afterSeconds: number): number | null {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  const firstMinute = Math.floor(afterSeconds / 60) + 1;
  let day = Math.floor(firstMinute / 1440);
  let minuteOfDay = firstMinute - day * 1440;
  for (let n = 0; n < MAX_SEARCH_DAYS; n++, day++, minuteOfDay = 0) {
    if (!dayMatches(c, day)) continue;
    for (let h = Math.floor(minuteOfDay / 60); h < 24; h++) {
      if (!c.hour[h]) continue;
      const fromMinute = h === Math.floor(minuteOfDay / 60) ? minuteOfDay % 60 : 0;
      for (let m = fromMinute; m < 60; m++) if (c.minute[m]) return day * DAY + h * 3600 + m * 60;
    }
  }
  return null;
}
