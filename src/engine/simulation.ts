// The clock and the event loop: events are (time, priority, handler, numeric arg), run in
// (time, priority, seq) order, so same-time events run in the order they were scheduled.
// Per-event state lives in slot arrays with a free list: scheduling allocates nothing.
// Deliberately absent: processes, resources, async/generators (one microtask per event is
// what makes JS DES libraries slow); models build those on top with plain callbacks.

import { EventQueue } from './queue.js';

/** Called when an event fires. `arg` is the number passed to schedule (0 by default). */
export type EventHandler = (sim: Simulation, arg: number) => void;

/**
 * Identifies a scheduled event for cancel(): slot + generation. A handle outlives its event
 * harmlessly: once the event has fired or been cancelled, cancel(handle) returns false even
 * if the slot now holds a newer event. (Generations wrap after 2^27 reuses of one slot.)
 */
export type EventHandle = number;

/** Engine-internal events that must run first at their time (stop, metric flush). */
export const PRIORITY_URGENT = -1;
export const PRIORITY_NORMAL = 0;
/** Runs after every normal event at the same time (e.g. end-of-instant bookkeeping). */
export const PRIORITY_LATE = 1;

const SLOT_BITS = 26;
const SLOT_LIMIT = 2 ** SLOT_BITS; // 67M simultaneously pending events
const GENERATION_MASK = 2 ** 27 - 1; // keeps handles below 2^53
const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;
/** Below this many heap entries, cancelled leftovers are cheaper to skip than to purge. */
const PURGE_MIN_ENTRIES = 1024;

function noop(): void {}

export class Simulation {
  private readonly queue: EventQueue;
  private handlers: EventHandler[];
  private args: Float64Array;
  private generations: Uint32Array;
  private states: Uint8Array;
  private freeSlots: Uint32Array;
  private freeCount = 0;
  private slotCount = 0; // slots ever handed out; [0, slotCount) are valid indices
  private seq = 0;
  private _now = 0;
  private _eventsProcessed = 0;
  private cancelledInQueue = 0;
  private stopped = false;
  private running = false;

  constructor(initialCapacity = 256) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.queue = new EventQueue(capacity);
    this.handlers = [];
    for (let i = 0; i < capacity; i++) this.handlers.push(noop); // packed, not holey
    this.args = new Float64Array(capacity);
    this.generations = new Uint32Array(capacity);
    this.states = new Uint8Array(capacity);
    this.freeSlots = new Uint32Array(capacity);
  }

  /** Simulated seconds since the scenario start. */
  get now(): number {
    return this._now;
  }

  /** Events fired so far (cancelled ones are not counted). */
  get eventsProcessed(): number {
    return this._eventsProcessed;
  }

  /** Events scheduled and neither fired nor cancelled. */
  get pending(): number {
    return this.queue.size - this.cancelledInQueue;
  }

  schedule(
    delay: number,
    handler: EventHandler,
    arg = 0,
    priority = PRIORITY_NORMAL,
  ): EventHandle {
    // `!(x >= 0)` also rejects NaN.
    if (!(delay >= 0) || delay === Infinity) {
      throw new RangeError(`schedule: delay must be a finite number >= 0, got ${delay}`);
    }
    return this.enqueue(this._now + delay, handler, arg, priority);
  }

  scheduleAt(
    time: number,
    handler: EventHandler,
    arg = 0,
    priority = PRIORITY_NORMAL,
  ): EventHandle {
    if (!(time >= this._now) || time === Infinity) {
      throw new RangeError(
        `scheduleAt: time must be finite and >= now (${this._now}), got ${time}`,
      );
    }
    return this.enqueue(time, handler, arg, priority);
  }

  /** Returns true if the event was pending and is now cancelled; false otherwise. O(1). */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const generation = (handle - slot) / SLOT_LIMIT;
    if (
      slot >= this.slotCount ||
      this.states[slot] !== PENDING ||
      this.generations[slot] !== generation
    ) {
      return false;
    }
    // The heap entry stays and is skipped when popped; the slot is freed then.
    this.states[slot] = CANCELLED;
    this.handlers[slot] = noop; // let the closure be collected now
    this.cancelledInQueue++;
    if (
      this.cancelledInQueue > PURGE_MIN_ENTRIES &&
      this.cancelledInQueue * 2 > this.queue.size
    ) {
      this.purgeCancelled();
    }
    return true;
  }

  /**
   * Runs every event with time <= until, in (time, priority, seq) order, then sets now to
   * until. With until = Infinity it runs until no event is left and leaves now at the last
   * event's time. After stop(), returns once the current event is done and leaves now there.
   */
  run(until: number): void {
    if (!(until >= this._now)) {
      throw new RangeError(`run: until must be >= now (${this._now}), got ${until}`);
    }
    if (this.running) throw new Error('run: called from inside an event handler');
    this.running = true;
    this.stopped = false;
    try {
      this.loop(until);
    } finally {
      this.running = false;
    }
    if (!this.stopped && until !== Infinity) this._now = until;
  }

  // The loop ends on its while test or a stop, with nothing after it: code after the loop runs
  // once a run, so the loop's optimised code (compiled on the stack mid-run) had no type
  // feedback for it and was thrown away at the end of every run (40 times in a 14-day run with
  // 10 replications of 4 alternatives), then compiled again.

  private loop(until: number): void {
    const queue = this.queue;
    while (queue.size > 0 && queue.peekTime() <= until) {
      const slot = queue.pop();
      const handler = this.handlers[slot];
      const arg = this.args[slot];
      const cancelled = this.states[slot] === CANCELLED;
      this.release(slot);
      if (cancelled) {
        this.cancelledInQueue--;
        continue;
      }
      this._now = queue.lastTime;
      this._eventsProcessed++;
      handler(this, arg);
      if (this.stopped) return;
    }
  }

  /** Makes run() return after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  private enqueue(time: number, handler: EventHandler, arg: number, priority: number): EventHandle {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount];
    } else {
      if (this.slotCount === this.states.length) this.growSlots();
      slot = this.slotCount++;
    }
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    this.states[slot] = PENDING;
    this.queue.push(time, priority, this.seq++, slot);
    return this.generations[slot] * SLOT_LIMIT + slot;
  }

  private release(slot: number): void {
    this.states[slot] = FREE;
    this.generations[slot] = (this.generations[slot] + 1) & GENERATION_MASK;
    this.handlers[slot] = noop;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Cancelled entries would otherwise make the heap grow without bound under heavy cancel. */
  private purgeCancelled(): void {
    const states = this.states;
    const released: number[] = [];
    this.queue.retain((slot) => {
      if (states[slot] !== CANCELLED) return true;
      released.push(slot);
      return false;
    });
    for (const slot of released) this.release(slot);
    this.cancelledInQueue = 0;
  }

  private growSlots(): void {
    const capacity = Math.min(this.states.length * 2, SLOT_LIMIT);
    if (capacity === this.states.length) {
      throw new RangeError(`Simulation: more than ${SLOT_LIMIT} events pending at once`);
    }
    for (let i = this.handlers.length; i < capacity; i++) this.handlers.push(noop);
    this.args = grow(this.args, new Float64Array(capacity));
    this.generations = grow(this.generations, new Uint32Array(capacity));
    this.states = grow(this.states, new Uint8Array(capacity));
    this.freeSlots = grow(this.freeSlots, new Uint32Array(capacity));
  }
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as ArrayLike<number>);
  return to;
}
