// main.go — Go's crypto/x509 verification, which on macOS goes through CoreFoundation and
// Security: a self-signed certificate must be rejected with an error (never a crash), as
// the Linux build rejects it; a root of the system's store (the host's CA bundle, which both
// builds read as their system roots) must verify, and fail for an expired time or another
// host name with the same kinds of error.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
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

	bundle, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	if err != nil {
		fmt.Println("no CA bundle")
		return
	}
	block, _ := pem.Decode(bundle)
	root, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		fmt.Println("bundle's first certificate:", err)
		return
	}
	chains, err := root.Verify(x509.VerifyOptions{})
	fmt.Println("system root verified:", err == nil, "chain length:", len(chains) > 0 && len(chains[0]) == 1)
	_, err = root.Verify(x509.VerifyOptions{CurrentTime: root.NotAfter.Add(time.Hour)})
	var invalid x509.CertificateInvalidError
	fmt.Println("system root after its expiry: expired:", errors.As(err, &invalid) && invalid.Reason == x509.Expired)
	_, err = root.Verify(x509.VerifyOptions{DNSName: "machrun.invalid"})
	var hostErr x509.HostnameError
	fmt.Println("system root for another host: hostname error:", errors.As(err, &hostErr))
	_, err = cert.Verify(x509.VerifyOptions{DNSName: "machrun.test"})
	var unknown x509.UnknownAuthorityError
	fmt.Println("self-signed: unknown authority:", errors.As(err, &unknown))
}
