// fs.watch on a folder (FSEvents on macOS, inotify on Linux): a created file is reported.
const fs = require('fs');
const d = fs.mkdtempSync(require('os').tmpdir() + '/machrun-watch-');
const seen = new Set();
const w = fs.watch(d, (ev, f) => {
  if (f === 'x' && !seen.has(f)) {
    seen.add(f);
    console.log('event for', f);
    w.close();
    fs.rmSync(d, { recursive: true });
  }
});
setTimeout(() => fs.writeFileSync(d + '/x', '1'), 200);
setTimeout(() => { if (!seen.size) { console.log('no event'); process.exit(1); } }, 10000).unref();
