// child_process: a shell command, node itself (under machrun: the macOS node re-entering the
// pipeline), a child killed by a signal, a missing program, and piped stdio.
const cp = require('child_process');
console.log(cp.execSync('echo hi').toString().trim());
const r = cp.spawnSync(process.execPath, ['-e', 'console.log(process.argv.length, typeof process.versions.v8)']);
console.log('node child:', r.status, r.stdout.toString().trim());
const k = cp.spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGTERM")']);
console.log('killed child:', k.status, k.signal);
const m = cp.spawnSync('/nonexistent/program');
console.log('missing:', m.error && m.error.code);
const c = cp.spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)']);
let out = '';
c.stdout.on('data', (d) => (out += d));
c.on('close', (code) => {
  console.log('piped:', code, JSON.stringify(out));
  cp.exec('ls /nonexistent', (e) => console.log('exec error code:', e.code));
});
c.stdin.end('through the child\n');
