// Thousands of file operations, synchronous and with promises.
const fs=require('fs'),path=require('path');const d=fs.mkdtempSync('/tmp/ntfs');
for(let i=0;i<3000;i++){fs.writeFileSync(path.join(d,'f'+i),'x'.repeat(i%100));}
let t=0;for(const f of fs.readdirSync(d).sort()){t+=fs.statSync(path.join(d,f)).size;fs.renameSync(path.join(d,f),path.join(d,f+'.r'));}
fs.mkdirSync(path.join(d,'a/b/c'),{recursive:true});fs.symlinkSync('f1.r',path.join(d,'ln'));console.log(t,fs.readlinkSync(path.join(d,'ln')),fs.readdirSync(d).length);
fs.rmSync(d,{recursive:true});console.log(fs.existsSync(d));
(async()=>{const p=require('fs/promises');const d2=await p.mkdtemp('/tmp/ntp');for(let i=0;i<500;i++)await p.writeFile(d2+'/'+i,String(i));console.log((await p.readdir(d2)).length);await p.rm(d2,{recursive:true})})();
