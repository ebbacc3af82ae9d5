import { describe, expect, it } from 'vitest';
import {
  PRIORITY_LATE,
  PRIORITY_NORMAL,
  PRIORITY_URGENT,
  Simulation,
  type EventHandler,
} from '../../src/engine/simulation.js';

/** A handler that records (now, arg) pairs. */
function recorder(): { log: Array<[number, number]>; handler: EventHandler } {
  const log: Array<[number, number]> = [];
  return { log, handler: (sim, arg) => log.push([sim.now, arg]) };
}

describe('Simulation', () => {
  it('runs same-time events in schedule order', () => {
    const sim = new Simulation(2);
    const { log, handler } = recorder();
    for (let i = 0; i < 50; i++) sim.schedule(5, handler, i);
    sim.schedule(1, handler, -1);
    sim.run(10);
    expect(log[0]).toEqual([1, -1]);
    expect(log.slice(1).map(([, arg]) => arg)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(sim.eventsProcessed).toBe(51);
  });

  it('runs URGENT first and LATE last at equal times, whatever the schedule order', () => {
    const sim = new Simulation();
    const { log, handler } = recorder();
    sim.schedule(3, handler, 1, PRIORITY_LATE);
    sim.schedule(3, handler, 2, PRIORITY_NORMAL);
    sim.schedule(3, handler, 3); // default priority is NORMAL
    sim.schedule(3, handler, 4, PRIORITY_URGENT);
    sim.schedule(2, handler, 5, PRIORITY_LATE); // earlier time beats priority
    sim.run(3);
    expect(log.map(([, arg]) => arg)).toEqual([5, 4, 2, 3, 1]);
  });

  it('cancels a pending event, once', () => {
    const sim = new Simulation();
    const { log, handler } = recorder();
    const a = sim.schedule(1, handler, 1);
    sim.schedule(2, handler, 2);
    expect(sim.pending).toBe(2);
    expect(sim.cancel(a)).toBe(true);
    expect(sim.cancel(a)).toBe(false);
    expect(sim.pending).toBe(1);
    sim.run(10);
    expect(log).toEqual([[2, 2]]);
    expect(sim.eventsProcessed).toBe(1);
    expect(sim.pending).toBe(0);
  });

  it('ignores the handle of an event that already fired', () => {
    const sim = new Simulation();
    const { log, handler } = recorder();
    const fired = sim.schedule(1, handler, 1);
    sim.run(1);
    expect(sim.cancel(fired)).toBe(false);
    // The freed slot is reused at once (LIFO free list): the stale handle must not hit it.
    sim.schedule(1, handler, 2);
    expect(sim.cancel(fired)).toBe(false);
    sim.run(5);
    expect(log).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('ignores the handle of a cancelled event after its slot is reused', () => {
    const sim = new Simulation();
    const { log, handler } = recorder();
    const cancelled = sim.schedule(1, handler, 1);
    sim.cancel(cancelled);
    sim.run(2); // pops and frees the cancelled entry
    const fresh = sim.schedule(1, handler, 2);
    expect(fresh).not.toBe(cancelled);
    expect(sim.cancel(cancelled)).toBe(false);
    sim.run(5);
    expect(log).toEqual([[3, 2]]);
  });

  it('run(until) runs events at until, leaves later ones pending and sets now', () => {
    const sim = new Simulation();
    const { log, handler } = recorder();
    sim.schedule(4, handler, 1);
    sim.schedule(5, handler, 2);
    sim.schedule(5.000001, handler, 3);
    sim.run(5);
    expect(log).toEqual([
      [4, 1],
      [5, 2],
    ]);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(1);
    sim.run(7.5);
    expect(log.length).toBe(3);
    expect(sim.now).toBe(7.5);
    sim.run(9); // nothing left: the clock still advances
    expect(sim.now).toBe(9);
  });

  it('run(Infinity) drains the queue and leaves now at the last event', () => {
    const sim = new Simulation();
    const { handler } = recorder();
    sim.schedule(12, handler);
    sim.run(Infinity);
    expect(sim.now).toBe(12);
    expect(sim.pending).toBe(0);
  });

  it('lets handlers schedule (including at the current time) and cancel', () => {
    const sim = new Simulation();
    const order: string[] = [];
    let victim = -1;
    const victimHandler: EventHandler = () => order.push('victim');
    const sameTime: EventHandler = (s) => order.push(`same@${s.now}`);
    const first: EventHandler = (s) => {
      order.push(`first@${s.now}`);
      s.schedule(0, sameTime); // after the already-scheduled event at t=1
      s.scheduleAt(1.5, sameTime);
      expect(s.cancel(victim)).toBe(true);
    };
    sim.schedule(1, first);
    sim.schedule(1, (s) => order.push(`second@${s.now}`));
    victim = sim.schedule(2, victimHandler);
    sim.run(10);
    expect(order).toEqual(['first@1', 'second@1', 'same@1', 'same@1.5']);
  });

  it('rejects negative, NaN and infinite delays and times in the past', () => {
    const sim = new Simulation();
    const { handler } = recorder();
    expect(() => sim.schedule(-1, handler)).toThrow(RangeError);
    expect(() => sim.schedule(-1e-12, handler)).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, handler)).toThrow(RangeError);
    expect(() => sim.schedule(Infinity, handler)).toThrow(RangeError);
    sim.run(10);
    expect(() => sim.scheduleAt(9, handler)).toThrow(RangeError);
    expect(() => sim.run(5)).toThrow(RangeError);
    expect(sim.scheduleAt(10, handler)).toBeGreaterThanOrEqual(0);
  });

  it('stop() returns after the current event and run() resumes from there', () => {
    const sim = new Simulation();
    const { log, handler } = recorder();
    sim.schedule(1, handler, 1);
    sim.schedule(2, (s, arg) => {
      handler(s, arg);
      s.stop();
    }, 2);
    sim.schedule(3, handler, 3);
    sim.run(10);
    expect(log.map(([, arg]) => arg)).toEqual([1, 2]);
    expect(sim.now).toBe(2);
    sim.run(10);
    expect(log.map(([, arg]) => arg)).toEqual([1, 2, 3]);
    expect(sim.now).toBe(10);
  });

  it('refuses a nested run() from a handler', () => {
    const sim = new Simulation();
    sim.schedule(1, (s) => s.run(5));
    expect(() => sim.run(2)).toThrow(/inside an event handler/);
  });

  it('purges mass cancellations without losing or reordering live events', () => {
    const sim = new Simulation(8);
    const { log, handler } = recorder();
    const handles: number[] = [];
    for (let i = 0; i < 5000; i++) handles.push(sim.schedule(5000 - i, handler, i));
    for (let i = 0; i < 5000; i++) if (i % 5 !== 0) expect(sim.cancel(handles[i])).toBe(true);
    expect(sim.pending).toBe(1000);
    for (let i = 0; i < 5000; i++) if (i % 5 !== 0) expect(sim.cancel(handles[i])).toBe(false);
    sim.run(Infinity);
    const expected = Array.from({ length: 1000 }, (_, k) => 4995 - 5 * k);
    expect(log.map(([, arg]) => arg)).toEqual(expected);
    expect(log.map(([t]) => t)).toEqual(expected.map((i) => 5000 - i));
    expect(sim.eventsProcessed).toBe(1000);
  });

  it('recycles one slot through a million self-rescheduling events', () => {
    // A chain that reschedules itself: one slot recycled a million times.
    const sim = new Simulation(1);
    let count = 0;
    const tick: EventHandler = (s) => {
      if (++count < 1_000_000) s.schedule(0.5, tick);
    };
    sim.schedule(0, tick);
    sim.run(Infinity);
    expect(count).toBe(1_000_000);
    expect(sim.now).toBe(499_999.5);
  });
});
