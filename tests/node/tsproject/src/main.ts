import { Circle, Rect, total } from "./shapes";
type Pair<A, B> = [A, B]; const p: Pair<string, number> = ["x", 1];
enum Color { Red, Green } async function f(): Promise<number> { return Color.Green; }
console.log(total([new Circle(1), new Rect(2, 3)]).toFixed(3), p, Color[0]); f().then(console.log);
