import { area } from "./shapes.ts";
Deno.test("square", () => { if (area({ kind: "square", side: 3 }) !== 9) throw new Error("square"); });
Deno.test("circle", () => { if (area({ kind: "circle", radius: 1 }) !== 3.14) throw new Error("circle"); });
Deno.test("a failing one", () => { throw new Error("expected " + 1 + " got " + 2); });
