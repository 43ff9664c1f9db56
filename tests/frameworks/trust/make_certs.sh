#!/bin/sh
# make_certs.sh — writes the DER certificates tests/frameworks/security_trust.c evaluates (run
# it here, in tests/frameworks/trust, to make them again; the outputs are committed):
#   root.der       "machrun test root", self-signed CA, 2000-01-01 to 2100-01-01
#   int.der        "machrun test intermediate", CA signed by the root, same dates
#   leaf.der       "test.example" (DNS:test.example), TLS server, signed by the intermediate
#   expired.der    the same name, valid 2010-01-01 to 2011-01-01 only
#   selfsigned.der "untrusted.example", self-signed, not under the root
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:test.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_self]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:untrusted.example
CNF
: > "$work/index.txt"
echo 01 > "$work/serial"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" 2>/dev/null; }
csr() { openssl req -new -key "$work/$1.key" -subj "/CN=$2" -out "$work/$1.csr"; }
sign() { # name issuer-key issuer-cert|-selfsign ext start end
    if [ "$3" = -selfsign ]; then issuer="-selfsign"; else issuer="-cert $work/$3.pem"; fi
    openssl ca -batch -config "$work/ca.cnf" -keyfile "$work/$2.key" $issuer -extensions "$4" \
        -startdate "$5" -enddate "$6" -in "$work/$1.csr" -out "$work/$1.pem" 2>/dev/null
    openssl x509 -in "$work/$1.pem" -outform DER -out "$1.der"
}
key root; csr root "machrun test root"; sign root root -selfsign v3_ca 20000101000000Z 21000101000000Z
key int; csr int "machrun test intermediate"; sign int root root v3_ca 20000101000000Z 21000101000000Z
key leaf; csr leaf test.example; sign leaf int int v3_leaf 20000101000000Z 21000101000000Z
csr leaf test.example; mv "$work/leaf.csr" "$work/expired.csr"; sign expired int int v3_leaf 20100101000000Z 20110101000000Z
key self; csr self untrusted.example; mv "$work/self.csr" "$work/selfsigned.csr"
sign selfsigned self -selfsign v3_self 20000101000000Z 21000101000000Z
