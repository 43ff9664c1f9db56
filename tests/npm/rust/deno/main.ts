import { area, shapes } from "./shapes.ts";
function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
let total = 0;
for (let i = 0; i < 2_000_000; i++) total += (i * 7) % 13;   // hot loop: the optimising JITs
console.log("fib(27) =", fib(27), "total =", total);
for (const s of shapes) console.log(s.kind, area(s));
const enc = new TextEncoder().encode("héllo");
console.log(Array.from(enc).join(","), JSON.stringify({ a: [1, 2, { b: null }] }));
const text = await Deno.readTextFile("./shapes.ts");
console.log("lines:", text.split("\n").length);
console.log(new Intl.NumberFormat("en-US").format(1234567.891), new Date(0).toISOString());
try { JSON.parse("{bad"); } catch (e) { console.log("caught:", (e as Error).name); }
