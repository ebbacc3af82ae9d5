// Greedy label placement for a handful of labelled points (the cost-vs-SLO scatter): each label
// takes the first candidate spot beside its point that overlaps no other label or point and stays
// inside the plot. Good enough for the few alternatives a comparison has; not a general solver.
// report.html's script has the same algorithm in JavaScript (html/client-other.ts).

export interface LabelledPoint {
  x: number;
  y: number;
  text: string;
}

export interface PlacedLabel {
  /** Text anchor position. */
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const CHAR_WIDTH = 8; // bold 12px sans-serif (DejaVu Sans is wide), generous
const HEIGHT = 14;
const POINT_RADIUS = 10;

/** Vertical offsets tried in turn: beside the point, then ever further above and below (points often share a row, e.g. all at 0% over SLO). */
const LABEL_OFFSETS = [0, ...Array.from({ length: 8 }, (_, k) => [-(k + 1) * 18, (k + 1) * 18]).flat()];

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export function placeLabels(points: LabelledPoint[], bounds: Box): PlacedLabel[] {
  const taken: Box[] = points.map((p) => ({ x0: p.x - POINT_RADIUS, y0: p.y - POINT_RADIUS, x1: p.x + POINT_RADIUS, y1: p.y + POINT_RADIUS }));
  // Place top to bottom, left to right, so results do not depend on input order quirks.
  const order = points.map((_, i) => i).sort((a, b) => points[a].y - points[b].y || points[a].x - points[b].x);
  const out = new Array<PlacedLabel>(points.length);
  for (const i of order) {
    const p = points[i];
    const w = p.text.length * CHAR_WIDTH;
    const candidates: PlacedLabel[] = [];
    for (const dy of LABEL_OFFSETS) {
      candidates.push({ x: p.x + 17, y: p.y + dy, anchor: 'start' }, { x: p.x - 17, y: p.y + dy, anchor: 'end' });
    }
    const box = (c: PlacedLabel): Box => {
      const x0 = c.anchor === 'start' ? c.x : c.x - w;
      return { x0, y0: c.y - HEIGHT / 2, x1: x0 + w, y1: c.y + HEIGHT / 2 };
    };
    const inside = (b: Box) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
    const pick = candidates.find((c) => inside(box(c)) && !taken.some((t) => overlaps(t, box(c)))) ?? candidates[0];
    taken.push(box(pick));
    out[i] = pick;
  }
  return out;
}
