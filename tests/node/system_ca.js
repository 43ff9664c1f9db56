// The system's CA certificates (the keychain on macOS, /etc/ssl on Linux), and the
// bundled ones.
const tls = require('tls');
const sys = tls.getCACertificates('system');
console.log('system CAs found:', sys.length > 0);
console.log('bundled:', tls.getCACertificates('bundled').length);
