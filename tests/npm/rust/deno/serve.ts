const ac = new AbortController();
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", signal: ac.signal, onListen() {} }, async (req) => {
  const body = await req.text();
  return new Response(`echo ${req.method} ${new URL(req.url).pathname} ${body.length}`, { headers: { "x-t": "1" } });
});
const port = server.addr.port;
const results = await Promise.all([1, 2, 3, 4, 5].map(async (i) => {
  const r = await fetch(`http://127.0.0.1:${port}/p${i}`, { method: "POST", body: "x".repeat(i * 1000) });
  return `${r.status} ${r.headers.get("x-t")} ${await r.text()}`;
}));
console.log(results.join("\n"));
const ws = await Deno.makeTempDir();
await Deno.writeTextFile(ws + "/a.txt", "hello");
const w = Deno.watchFs(ws);
setTimeout(() => Deno.writeTextFile(ws + "/a.txt", "changed"), 200);
for await (const ev of w) { console.log("watchFs:", ev.kind, ev.paths.map((p) => p.replace(ws, "<tmp>"))); break; }
w.close();
ac.abort();
await server.finished;
console.log("done");
