// Cron on the simulation calendar: t = 0 is Monday 1 January 00:00 UTC of a non-leap year
// (the Gregorian calendar from 2018-01-01). Expected times worked out by hand:
// day d starts at d × 86,400 s; hour h adds h × 3,600; minute m adds m × 60.

import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/domain/errors.js';
import { calendarDay, nextFireTime, parseCron } from '../../src/domain/cron.js';

const DAY = 86400;
const H = 3600;

describe('calendar', () => {
  it('day 0 is Monday 1 January; day 58 is 28 February and day 59 is 1 March (no leap day)', () => {
    expect(calendarDay(0)).toEqual({ month: 1, dayOfMonth: 1, dayOfWeek: 1 });
    expect(calendarDay(5)).toEqual({ month: 1, dayOfMonth: 6, dayOfWeek: 6 }); // Saturday
    expect(calendarDay(6)).toEqual({ month: 1, dayOfMonth: 7, dayOfWeek: 0 }); // Sunday
    // January has 31 days (days 0..30), February 28 (days 31..58)
    expect(calendarDay(58)).toEqual({ month: 2, dayOfMonth: 28, dayOfWeek: 3 }); // 58 = 8 weeks + 2 → Wednesday
    expect(calendarDay(59)).toEqual({ month: 3, dayOfMonth: 1, dayOfWeek: 4 });
    // 365 days later the next year starts on a Tuesday (365 = 52 weeks + 1 day)
    expect(calendarDay(365)).toEqual({ month: 1, dayOfMonth: 1, dayOfWeek: 2 });
  });
});

describe('nextFireTime', () => {
  it('"0 8 * * MON-FRI": 08:00 on weekdays, skipping the weekend', () => {
    const cron = parseCron('0 8 * * MON-FRI');
    // from before the start: Monday 08:00 = 8 × 3,600 = 28,800
    expect(nextFireTime(cron, -1)).toBe(28_800);
    // strictly after: from 28,800 itself the next is Tuesday 08:00 = 86,400 + 28,800 = 115,200
    expect(nextFireTime(cron, 28_800)).toBe(115_200);
    expect(nextFireTime(cron, 28_799)).toBe(28_800);
    // after Friday 08:00 (day 4: 4 × 86,400 + 28,800 = 374,400) comes Monday day 7:
    // 7 × 86,400 + 28,800 = 633,600
    expect(nextFireTime(cron, 4 * DAY + 8 * H)).toBe(633_600);
    // numbers mean the same as names: 1-5 is MON-FRI (Unix numbering)
    expect(nextFireTime('0 8 * * 1-5', 4 * DAY + 8 * H)).toBe(633_600);
  });

  it('"*/15 * * * *": every quarter hour', () => {
    expect(nextFireTime('*/15 * * * *', -1)).toBe(0);
    expect(nextFireTime('*/15 * * * *', 0)).toBe(900);
    expect(nextFireTime('*/15 * * * *', 901)).toBe(1800);
    // 23:50 on day 0 (85,800 s) → 00:00 on day 1 = 86,400
    expect(nextFireTime('*/15 * * * *', 85_800)).toBe(86_400);
    // AWS-style "0/15" is the same schedule
    expect(nextFireTime('0/15 * * * *', 901)).toBe(1800);
  });

  it('"30 18 1 * *": 18:30 on the first of each month', () => {
    const cron = parseCron('30 18 1 * *');
    // 1 January 18:30 = 18 × 3,600 + 30 × 60 = 64,800 + 1,800 = 66,600
    expect(nextFireTime(cron, 0)).toBe(66_600);
    // then 1 February = day 31: 31 × 86,400 + 66,600 = 2,678,400 + 66,600 = 2,745,000
    expect(nextFireTime(cron, 66_600)).toBe(2_745_000);
    // then 1 March = day 59 (31 + 28, no leap day): 59 × 86,400 + 66,600 = 5,097,600 + 66,600 = 5,164,200
    expect(nextFireTime(cron, 2_745_000)).toBe(5_164_200);
  });

  it('lists, ranges with steps, month and day names; both day fields restricted means either', () => {
    // 9:00 and 17:00 on Saturdays and Sundays: first is Saturday day 5 09:00 = 432,000 + 32,400
    expect(nextFireTime('0 9,17 * * SAT-SUN', -1)).toBe(5 * DAY + 9 * H);
    expect(nextFireTime('0 9,17 * * SAT,SUN', 5 * DAY + 9 * H)).toBe(5 * DAY + 17 * H);
    // 0 and 7 are both Sunday: first Sunday is day 6
    expect(nextFireTime('0 0 * * 7', -1)).toBe(6 * DAY);
    expect(nextFireTime('0 0 * * 0', -1)).toBe(6 * DAY);
    // "0 0 1-10/3 FEB *": 1, 4, 7, 10 February; 1 February is day 31
    expect(nextFireTime('0 0 1-10/3 FEB *', -1)).toBe(31 * DAY);
    expect(nextFireTime('0 0 1-10/3 feb *', 31 * DAY)).toBe(34 * DAY);
    // day-of-month 15 OR Fridays: the first Friday (day 4) comes before the 15th (day 14)
    expect(nextFireTime('0 0 15 * FRI', -1)).toBe(4 * DAY);
    // a day-of-month on February 29 first fires in the third year (a leap year):
    // days 0..729 are the first two years; 29 Feb of year 3 is day 730 + 31 + 28 = 789
    expect(nextFireTime('0 0 29 2 *', -1)).toBe(789 * DAY);
  });
});

describe('parseCron rejects bad expressions with a FieldError', () => {
  const bad: [string, RegExp][] = [
    ['0 8 * *', /has 4 fields, expected 5/],
    ['0 18 ? * MON-FRI *', /six fields.*Drop the year/],
    ['60 * * * *', /minute 60 is out of range/],
    ['0 24 * * *', /hour 24 is out of range/],
    ['0 0 0 * *', /day-of-month 0 is out of range/],
    ['0 0 * 13 *', /month 13 is out of range/],
    ['0 0 * * 8', /day-of-week 8 is out of range/],
    ['0 0 * * FUNDAY', /cannot read "FUNDAY"/],
    ['*/0 * * * *', /step "\/0"/],
    ['0 0 * * FRI-MON', /runs backwards/],
    ['0 0 30 FEB *', /never occurs/],
    ['? * * * *', /only allowed in the day-of-month and day-of-week/],
    ['1,,2 * * * *', /empty item/],
  ];
  for (const [expr, message] of bad) {
    it(`"${expr}"`, () => {
      let error: unknown;
      try {
        parseCron(expr);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(FieldError);
      expect((error as FieldError).message).toMatch(message);
      expect((error as FieldError).message).toContain(`cron "${expr}"`);
      expect((error as FieldError).allowed).toBeTruthy();
    });
  }
});
