export interface Shape { area(): number; name: string }
export class Circle implements Shape { name = "circle"; constructor(private r: number) {} area() { return Math.PI * this.r ** 2; } }
export class Rect implements Shape { name = "rect"; constructor(private w: number, private h: number) {} area() { return this.w * this.h; } }
export function total<T extends Shape>(xs: readonly T[]): number { return xs.reduce((s, x) => s + x.area(), 0); }
