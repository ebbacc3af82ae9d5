// toEqual on typed arrays element by element: the default walks them as objects with a string
// key per index, which takes seconds for a few weeks of per-minute series. Same constructor,
// same length, and each element Object.is-equal, as toEqual compares numbers (NaN equals NaN,
// 0 differs from -0).

import { expect } from 'vitest';

type Typed = Exclude<ArrayBufferView, DataView> & ArrayLike<number | bigint>;

const isTyped = (x: unknown): x is Typed => ArrayBuffer.isView(x) && !(x instanceof DataView);

expect.addEqualityTesters([
  function typedArraysEqual(a: unknown, b: unknown): boolean | undefined {
    if (!isTyped(a) || !isTyped(b)) return undefined;
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  },
]);
