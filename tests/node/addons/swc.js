// @swc/core's native addon (a Rust N-API module, process.dlopen'ed): TypeScript to JS.
const swc = require('@swc/core');
const src = require('fs').readFileSync(__dirname + '/src/shapes.ts', 'utf8');
const out = swc.transformSync(src, {
  filename: 'shapes.ts',
  jsc: { parser: { syntax: 'typescript' }, target: 'es2019' },
  module: { type: 'commonjs' },
});
console.log(out.code);
const min = swc.minifySync('function add(first, second) { return first + second; } console.log(add(1, 2));', { compress: true, mangle: true });
console.log(min.code);
swc.transform('const x: number = 1; export default x;', { jsc: { parser: { syntax: 'typescript' } } }).then((r) => console.log(r.code));
