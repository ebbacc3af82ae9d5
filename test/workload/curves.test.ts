// Curves on the tick grid: the diurnal day table against the cosine formula (bit for bit on the
// first day, within the documented 1e-12 × peak over a year), weekends, grids that fall back to
// the formula, and fill() against at() for every curve type.

import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/index.js';
import type { Curve } from '../../src/domain/scenario.js';
import { compileCurve, compileTickCurve } from '../../src/workload/curves.js';

const DAY = 86400;
const YEAR = 365 * DAY;

/** The diurnal curve as docs/model.md states it, written out here. */
function formula(base: number, peak: number, peakHour: number, weekendFactor: number, t: number): number {
  const fractionOfDay = t / DAY - Math.floor(t / DAY);
  const rps = base + (peak - base) * (0.5 + 0.5 * Math.cos(2 * Math.PI * (fractionOfDay - peakHour / 24)));
  const dayOfWeek = Math.floor(t / DAY) % 7; // day 0 is a Monday
  return dayOfWeek >= 5 ? rps * weekendFactor : rps;
}

const WEB: Curve = { type: 'diurnal', baseRps: 60, peakRps: 400, peakHour: 15, weekendFactor: 0.7 };
const TOLERANCE = 1e-12 * 400;

describe('diurnal on the tick grid', () => {
  it('1 s ticks: within 1e-12 × peak of the formula at 200,000 ticks spread over a year, late days included', () => {
    const curve = compileTickCurve(WEB, YEAR, 1);
    const rng = new RngStreams(5).stream('ticks');
    let worst = 0;
    for (let k = 0; k < 200_000; k++) {
      // half uniform over the year, half in its last week
      const i = k % 2 === 0 ? Math.floor(rng.next() * YEAR) : YEAR - 1 - Math.floor(rng.next() * 7 * DAY);
      worst = Math.max(worst, Math.abs(curve.at(i) - formula(60, 400, 15, 0.7, i)));
    }
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });

  it('the first day is the formula bit for bit (the golden run is a day)', () => {
    const curve = compileTickCurve(WEB, DAY, 1);
    const f = compileCurve(WEB, DAY);
    for (let i = 0; i < DAY; i++) if (curve.at(i) !== f(i)) expect.fail(`tick ${i}: ${curve.at(i)} ≠ ${f(i)}`);
  });

  it('weekends: the factor applies from Saturday 00:00 to Monday 00:00, in every week of the year', () => {
    const curve = compileTickCurve(WEB, YEAR, 1);
    for (let week = 0; week < 52; week++) {
      const saturday = (week * 7 + 5) * DAY;
      const monday = (week * 7 + 7) * DAY;
      for (const i of [saturday - 1, saturday, monday - 1, monday]) {
        expect(Math.abs(curve.at(i) - formula(60, 400, 15, 0.7, i)), `t = ${i}`).toBeLessThanOrEqual(TOLERANCE);
      }
      // At midnight the weekday shape is base + (peak − base)(½ + ½ cos(2π · −15/24)); × 0.7 on Saturday.
      const midnight = 60 + 340 * (0.5 + 0.5 * Math.cos((-2 * Math.PI * 15) / 24));
      expect(curve.at(saturday)).toBeCloseTo(0.7 * midnight, 9);
      expect(curve.at(monday)).toBeCloseTo(midnight, 9);
    }
  });

  for (const tick of [0.5, 60, 0.1, 7]) {
    it(`${tick} s ticks: tick i is the formula at i × ${tick} s within the tolerance (0.1 s and 7 s use the formula itself)`, () => {
      const horizon = 30 * DAY;
      const curve = compileTickCurve(WEB, horizon, tick);
      const f = compileCurve(WEB, horizon);
      const ticks = Math.floor(horizon / tick);
      const fallsBack = tick === 0.1 || tick === 7;
      for (let k = 0; k < 5000; k++) {
        const i = Math.floor((k / 5000) * ticks);
        if (fallsBack) expect(curve.at(i)).toBe(f(i * tick));
        else expect(Math.abs(curve.at(i) - formula(60, 400, 15, 0.7, i * tick))).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  }
});

describe('fill() is at() tick by tick, bit for bit', () => {
  const curves: [string, Curve][] = [
    ['constant', { type: 'constant', rps: 12.5 }],
    ['diurnal', WEB],
    ['diurnal, no weekend', { type: 'diurnal', baseRps: 10, peakRps: 30, peakHour: 3, weekendFactor: 1 }],
    ['steps', { type: 'steps', initialRps: 1, steps: [{ atSeconds: 30, rps: 2 }, { atSeconds: 6 * DAY + 7, rps: 3 }] }],
    ['spike', { type: 'spike', baseRps: 5, peakRps: 50, atSeconds: 100, rampUpSeconds: 60, holdSeconds: 30, rampDownSeconds: 90 }],
    ['expression', { type: 'expression', expr: '20 + 10 * sin(2 * pi * t / 3600)', sampleSeconds: 900 }],
    ['sum', { type: 'sum', terms: [WEB, { type: 'constant', rps: 0.1 }, { type: 'spike', baseRps: 0, peakRps: 9, atSeconds: 500, rampUpSeconds: 10, holdSeconds: 0, rampDownSeconds: 10 }] }],
  ];
  for (const [name, c] of curves) {
    it(name, () => {
      const horizon = 8 * DAY;
      for (const tick of [1, 0.5, 60]) {
        const curve = compileTickCurve(c, horizon, tick);
        const rng = new RngStreams(9).stream(name);
        for (let k = 0; k < 50; k++) {
          // ranges across day boundaries and the weekend included
          const from = Math.floor(rng.next() * (horizon / tick - 400));
          const to = from + Math.floor(rng.next() * 400);
          const out = new Float64Array(400);
          curve.fill(from, to, out);
          for (let i = from; i < to; i++) if (out[i - from] !== curve.at(i)) expect.fail(`${name}, tick ${tick} s, i = ${i}: fill ${out[i - from]} ≠ at ${curve.at(i)}`);
        }
      }
    });
  }

  it('a sum is its terms added in order: the same as compileCurve on the first day', () => {
    const c: Curve = { type: 'sum', terms: [WEB, { type: 'constant', rps: 0.1 }] };
    const tick = compileTickCurve(c, DAY, 1);
    const f = compileCurve(c, DAY);
    for (let i = 0; i < DAY; i += 7) expect(tick.at(i)).toBe(f(i));
  });
});
