// main.go — Go's crypto/x509 verification, which on macOS goes through CoreFoundation and
// Security: a self-signed certificate must be rejected with an error (never a crash), as
// the Linux build rejects it.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"
)

func main() {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "machrun.test"},
		DNSNames:     []string{"machrun.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	fmt.Println("created:", err == nil)
	cert, err := x509.ParseCertificate(der)
	fmt.Println("parsed:", err == nil, cert.Subject.CommonName)
	_, err = cert.Verify(x509.VerifyOptions{DNSName: "machrun.test"})
	fmt.Println("verification refused:", err != nil)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	_, err = cert.Verify(x509.VerifyOptions{DNSName: "machrun.test", Roots: pool})
	fmt.Println("verified against its own pool:", err == nil)
}
