// zlib (gzip, deflate, brotli) and crypto (hashes, HMAC, EC signatures, KDFs, AES-GCM).
const z=require('zlib'),c=require('crypto');const b=Buffer.alloc(1e6,'abc');const g=z.gzipSync(b);console.log(z.gunzipSync(g).length, z.inflateSync(z.deflateSync(b)).equals(b), z.brotliDecompressSync(z.brotliCompressSync(b)).length);
console.log(c.createHash('sha256').update('hello').digest('hex'), c.createHmac('sha1','k').update('d').digest('base64'));
const {publicKey,privateKey}=c.generateKeyPairSync('ec',{namedCurve:'P-256'});const s=c.sign('sha256',Buffer.from('m'),privateKey);console.log(c.verify('sha256',Buffer.from('m'),publicKey,s));
console.log(c.randomBytes(16).length, c.pbkdf2Sync('p','s',1000,32,'sha512').toString('hex'), c.scryptSync('p','s',16).toString('hex'));
const k=c.randomBytes(32),iv=c.randomBytes(12);const ci=c.createCipheriv('aes-256-gcm',k,iv);const e=Buffer.concat([ci.update('secret'),ci.final()]);const t=ci.getAuthTag();const de=c.createDecipheriv('aes-256-gcm',k,iv);de.setAuthTag(t);console.log(Buffer.concat([de.update(e),de.final()]).toString());
