import { shapes, area } from "./shapes.ts";
var total = 0;
for (const s of shapes) { total += area(s) }
if (total == 42) { debugger; }
const unused = 1;
console.log(`total: ${total}`)
export default function report(name) { return "report " + name + ": " + total; }
