import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/queue.js';

interface Entry {
  time: number;
  priority: number;
  seq: number;
}

function byKey(a: Entry, b: Entry): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

describe('EventQueue', () => {
  it('pops in (time, priority, seq) order for random interleaved pushes and pops', () => {
    // Small integer times and priorities force many ties, so all three keys matter.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -1, max: 1 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue(2);
        const model: Entry[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const entry = { time: o.time, priority: o.priority, seq: seq++ };
            queue.push(entry.time, entry.priority, entry.seq, entry.seq);
            model.push(entry);
          } else {
            model.sort(byKey);
            const expected = model.shift();
            expect(queue.peekTime()).toBe(expected ? expected.time : Infinity);
            const slot = queue.pop();
            if (expected === undefined) {
              expect(slot).toBe(-1);
            } else {
              expect(slot).toBe(expected.seq);
              expect(queue.lastTime).toBe(expected.time);
              expect(queue.lastSeq).toBe(expected.seq);
            }
          }
          expect(queue.size).toBe(model.length);
        }
        model.sort(byKey);
        for (const expected of model) expect(queue.pop()).toBe(expected.seq);
        expect(queue.size).toBe(0);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('matches a sort of 10,000 random float-time entries', () => {
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const queue = new EventQueue();
    const entries: Entry[] = [];
    for (let seq = 0; seq < 10_000; seq++) {
      const entry = { time: Math.floor(random() * 1000) / 8, priority: Math.floor(random() * 3) - 1, seq };
      entries.push(entry);
      queue.push(entry.time, entry.priority, entry.seq, seq);
    }
    entries.sort(byKey);
    const popped = entries.map(() => queue.pop());
    expect(popped).toEqual(entries.map((e) => e.seq));
  });

  it('grows beyond its initial capacity by doubling and keeps every entry', () => {
    const queue = new EventQueue(1);
    for (let i = 999; i >= 0; i--) queue.push(i, 0, 999 - i, i);
    expect(queue.size).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      expect(queue.pop()).toBe(i);
      expect(queue.lastTime).toBe(i);
    }
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('clear() empties it', () => {
    const queue = new EventQueue();
    queue.push(1, 0, 0, 7);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('retain() drops entries and keeps heap order', () => {
    const queue = new EventQueue(4);
    for (let i = 0; i < 100; i++) queue.push((i * 37) % 100, 0, i, i);
    queue.retain((slot) => slot % 3 !== 0);
    expect(queue.size).toBe(66);
    const times: number[] = [];
    while (queue.size > 0) {
      const slot = queue.pop();
      expect(slot % 3).not.toBe(0);
      times.push(queue.lastTime);
    }
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
