// Formatting, lint and type-aware syntax for biome and dprint (TypeScript plugin).
export interface Shape { kind: "square" | "circle" | "rect"; side?: number; radius?: number; w?: number; h?: number }

export function area(s: Shape): number {
    switch (s.kind) {
        case "square": return (s.side ?? 0) ** 2;
        case "circle": return Math.round(Math.PI * (s.radius ?? 0) ** 2 * 100) / 100;
        case "rect": return (s.w ?? 0) * (s.h ?? 0);
    }
}

export const shapes: Shape[] = [ { kind: "square", side: 3 }, { kind: "circle", radius: 2 }, { kind: 'rect', w: 2, h: 5 } ];
