export const shapes = [
  { kind: 'square', side: 3 },
  { kind: 'circle', radius: 2 },
  { kind: 'rect', w: 2, h: 5 },
];
export function area(s) {
  switch (s.kind) {
    case 'square': return s.side ** 2;
    case 'circle': return Math.round(Math.PI * s.radius ** 2 * 100) / 100;
    case 'rect': return s.w * s.h;
    default: throw new Error(`unknown shape ${s.kind}`);
  }
}
export const unused = () => 'tree-shaken away';
