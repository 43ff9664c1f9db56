// A CPU-bound script: integer hashing, sorting and JSON.
let h=0; for (let i=0;i<3e7;i++){h=(h*31+i)|0} const a=[]; for(let i=0;i<2e5;i++)a.push((i*7919)%100003); a.sort((x,y)=>x-y); console.log(h, a[1000], JSON.stringify({x:[1,2,{y:3}]}).length);
