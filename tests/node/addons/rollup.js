// rollup's native addon (its Rust parser, process.dlopen'ed): bundle two ES modules.
const { rollup } = require('rollup');
(async () => {
  const bundle = await rollup({ input: __dirname + '/src/main.mjs', logLevel: 'silent' });
  for (const format of ['es', 'cjs']) {
    const { output } = await bundle.generate({ format });
    console.log(`--- ${format}`);
    console.log(output[0].code);
  }
  await bundle.close();
})().catch((e) => { console.error('rollup failed:', e.message); process.exit(1); });
