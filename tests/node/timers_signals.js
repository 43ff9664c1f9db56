// Timers, immediates and ticks in their order, an interval, and a signal the process sends
// itself, caught by a handler.
setTimeout(() => console.log('timeout 50'), 50);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('tick'));
let n = 0;
const iv = setInterval(() => { console.log('interval', ++n); if (n === 3) clearInterval(iv); }, 20);
process.on('SIGUSR2', () => console.log('got SIGUSR2'));
setTimeout(() => process.kill(process.pid, 'SIGUSR2'), 150);
setTimeout(() => console.log('done'), 300);
