// An http server on loopback answering 50 concurrent fetch() calls.
const http=require('http');const srv=http.createServer((q,r)=>{r.end('hi '+q.url)});srv.listen(0,'127.0.0.1',async()=>{const p=srv.address().port;const rs=await Promise.all([...Array(50)].map((_,i)=>fetch(`http://127.0.0.1:${p}/${i}`).then(r=>r.text())));console.log(rs.length,rs[49]);srv.close();});
