// worker_threads with a SharedArrayBuffer and Atomics: four workers count into their slot.
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
if (isMainThread) {
  const sab = new SharedArrayBuffer(16);
  const a = new Int32Array(sab);
  let n = 0;
  for (let i = 0; i < 4; i++) {
    const w = new Worker(__filename, { workerData: { sab, i } });
    w.on('message', (m) => { if (++n === 4) console.log(Array.from(a), m); });
  }
} else {
  const a = new Int32Array(workerData.sab);
  for (let j = 0; j < 100000; j++) Atomics.add(a, workerData.i, 1);
  parentPort.postMessage('done');
}
