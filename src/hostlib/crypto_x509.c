/*
 * crypto_x509.c — the libcrypto (OpenSSL 3) functions that verify certificate chains for
 * Security.framework's trust evaluation (src/frameworks/Security/trust.c), opened on first
 * use like the CMS functions of crypto.c (which also holds X509_free and the stack functions
 * both use).
 */
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#define HOSTLIB_SONAME "libcrypto.so.3"
#define HOSTLIB_WHAT "certificate trust evaluation (Security.framework)"
#include "forward.h"

HOSTLIB_FWD(X509 *, d2i_X509, (X509 **a, const unsigned char **in, long len), (a, in, len))
HOSTLIB_FWD(int, i2d_X509, (const X509 *a, unsigned char **out), (a, out))
HOSTLIB_FWD(int, X509_cmp, (const X509 *a, const X509 *b), (a, b))
HOSTLIB_FWD(int, X509_up_ref, (X509 *a), (a))

HOSTLIB_FWD(X509_STORE *, X509_STORE_new, (void), ())
HOSTLIB_FWD_VOID(X509_STORE_free, (X509_STORE *s), (s))
HOSTLIB_FWD(int, X509_STORE_add_cert, (X509_STORE *s, X509 *x), (s, x))

HOSTLIB_FWD(X509_STORE_CTX *, X509_STORE_CTX_new, (void), ())
HOSTLIB_FWD_VOID(X509_STORE_CTX_free, (X509_STORE_CTX *c), (c))
HOSTLIB_FWD(int, X509_STORE_CTX_init, (X509_STORE_CTX *c, X509_STORE *s, X509 *x, STACK_OF(X509) *chain),
            (c, s, x, chain))
HOSTLIB_FWD(X509_VERIFY_PARAM *, X509_STORE_CTX_get0_param, (const X509_STORE_CTX *c), (c))
HOSTLIB_FWD(int, X509_STORE_CTX_set_purpose, (X509_STORE_CTX *c, int purpose), (c, purpose))
HOSTLIB_FWD(int, X509_STORE_CTX_get_error, (const X509_STORE_CTX *c), (c))
HOSTLIB_FWD(int, X509_STORE_CTX_get_error_depth, (const X509_STORE_CTX *c), (c))
HOSTLIB_FWD(STACK_OF(X509) *, X509_STORE_CTX_get1_chain, (const X509_STORE_CTX *c), (c))
HOSTLIB_FWD(int, X509_verify_cert, (X509_STORE_CTX *c), (c))
HOSTLIB_FWD(const char *, X509_verify_cert_error_string, (long n), (n))

HOSTLIB_FWD(int, X509_VERIFY_PARAM_set1_host, (X509_VERIFY_PARAM *p, const char *name, size_t len), (p, name, len))
HOSTLIB_FWD(int, X509_VERIFY_PARAM_set1_ip_asc, (X509_VERIFY_PARAM *p, const char *ip), (p, ip))
HOSTLIB_FWD_VOID(X509_VERIFY_PARAM_set_time, (X509_VERIFY_PARAM *p, time_t t), (p, t))
HOSTLIB_FWD(int, X509_VERIFY_PARAM_set_flags, (X509_VERIFY_PARAM *p, unsigned long flags), (p, flags))

HOSTLIB_FWD(OPENSSL_STACK *, OPENSSL_sk_new_null, (void), ())
HOSTLIB_FWD(int, OPENSSL_sk_push, (OPENSSL_STACK *st, const void *data), (st, data))
HOSTLIB_FWD_VOID(OPENSSL_sk_free, (OPENSSL_STACK *st), (st))
