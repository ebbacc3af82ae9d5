// The future-event list: a binary min-heap on parallel typed arrays (the mourner/flatqueue
// idiom), ordered by (time, priority, seq), so equal-time events run in schedule order.
// It stores only an integer slot per entry; what a slot means belongs to the caller
// (Simulation keeps handler, argument and cancel state per slot). No object per entry.

export class EventQueue {
  private times: Float64Array;
  private priorities: Float64Array;
  private seqs: Float64Array; // float64, not uint32: a long run can schedule more than 2^32 events
  private slots: Uint32Array;
  private length = 0;
  private _lastTime = 0;
  private _lastSeq = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(capacity);
    this.priorities = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.slots = new Uint32Array(capacity);
  }

  /** Time of the entry last returned by pop(). */
  get lastTime(): number {
    return this._lastTime;
  }

  /** Sequence number of the entry last returned by pop(). */
  get lastSeq(): number {
    return this._lastSeq;
  }

  get size(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }

  push(time: number, priority: number, seq: number, slot: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const slots = this.slots;
    // Sift up with a hole: move parents down until the new entry's place is found.
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = times[parent];
      if (pt < time) break;
      if (pt === time) {
        const pp = priorities[parent];
        if (pp < priority || (pp === priority && seqs[parent] < seq)) break;
      }
      times[pos] = pt;
      priorities[pos] = priorities[parent];
      seqs[pos] = seqs[parent];
      slots[pos] = slots[parent];
      pos = parent;
    }
    times[pos] = time;
    priorities[pos] = priority;
    seqs[pos] = seq;
    slots[pos] = slot;
  }

  /** Time of the earliest entry; Infinity when empty. */
  peekTime(): number {
    return this.length > 0 ? this.times[0] : Infinity;
  }

  /**
   * Removes the earliest entry and returns its slot; its time and seq are then in
   * lastTime/lastSeq. Returns -1 when empty.
   */
  pop(): number {
    if (this.length === 0) return -1;
    const times = this.times;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const slots = this.slots;
    const top = slots[0];
    this._lastTime = times[0];
    this._lastSeq = seqs[0];
    const n = --this.length;
    if (n > 0) {
      // Sift the last entry down from the root, again with a hole.
      const time = times[n];
      const priority = priorities[n];
      const seq = seqs[n];
      const slot = slots[n];
      const half = n >> 1;
      let pos = 0;
      while (pos < half) {
        let child = 2 * pos + 1;
        const right = child + 1;
        let ct = times[child];
        if (right < n) {
          const rt = times[right];
          if (
            rt < ct ||
            (rt === ct &&
              (priorities[right] < priorities[child] ||
                (priorities[right] === priorities[child] && seqs[right] < seqs[child])))
          ) {
            child = right;
            ct = rt;
          }
        }
        if (ct > time) break;
        if (ct === time) {
          const cp = priorities[child];
          if (cp > priority || (cp === priority && seqs[child] > seq)) break;
        }
        times[pos] = ct;
        priorities[pos] = priorities[child];
        seqs[pos] = seqs[child];
        slots[pos] = slots[child];
        pos = child;
      }
      times[pos] = time;
      priorities[pos] = priority;
      seqs[pos] = seq;
      slots[pos] = slot;
    }
    return top;
  }

  /**
   * Drops every entry whose slot fails `keep` and restores heap order in O(n). Used by
   * Simulation to shed cancelled entries when they outnumber live ones; not for the hot path.
   */
  retain(keep: (slot: number) => boolean): void {
    const times = this.times;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const slots = this.slots;
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep(slots[i])) continue;
      times[n] = times[i];
      priorities[n] = priorities[i];
      seqs[n] = seqs[i];
      slots[n] = slots[i];
      n++;
    }
    this.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    const times = this.times;
    const priorities = this.priorities;
    const seqs = this.seqs;
    const slots = this.slots;
    const n = this.length;
    let pos = start;
    for (;;) {
      let least = pos;
      const left = 2 * pos + 1;
      if (left < n && this.before(left, least)) least = left;
      if (left + 1 < n && this.before(left + 1, least)) least = left + 1;
      if (least === pos) return;
      const t = times[pos];
      const p = priorities[pos];
      const s = seqs[pos];
      const sl = slots[pos];
      times[pos] = times[least];
      priorities[pos] = priorities[least];
      seqs[pos] = seqs[least];
      slots[pos] = slots[least];
      times[least] = t;
      priorities[least] = p;
      seqs[least] = s;
      slots[least] = sl;
      pos = least;
    }
  }

  private before(i: number, j: number): boolean {
    const ti = this.times[i];
    const tj = this.times[j];
    if (ti !== tj) return ti < tj;
    const pi = this.priorities[i];
    const pj = this.priorities[j];
    if (pi !== pj) return pi < pj;
    return this.seqs[i] < this.seqs[j];
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    this.times = growFloat64(this.times, capacity);
    this.priorities = growFloat64(this.priorities, capacity);
    this.seqs = growFloat64(this.seqs, capacity);
    const slots = new Uint32Array(capacity);
    slots.set(this.slots);
    this.slots = slots;
  }
}

function growFloat64(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}
