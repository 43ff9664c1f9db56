/*
 * crypto.c — the libcrypto (OpenSSL 3) functions that read the CMS signature of a Developer ID
 * signed file for `machrun codesign -d` (src/cli/codesign.c), opened on first use. (The
 * SHA digests of src/codesign are linked in statically: every signed program is hashed at
 * launch.) Nothing libcrypto allocates is freed with machrun's free(): certificates and CMS
 * objects go back through their own *_free functions.
 */
#include <openssl/cms.h>
#include <openssl/x509.h>

#define HOSTLIB_SONAME "libcrypto.so.3"
#define HOSTLIB_WHAT "code signatures"
#include "forward.h"

HOSTLIB_FWD(CMS_ContentInfo *, d2i_CMS_ContentInfo, (CMS_ContentInfo **a, const unsigned char **in, long len),
            (a, in, len))
HOSTLIB_FWD_VOID(CMS_ContentInfo_free, (CMS_ContentInfo *a), (a))
HOSTLIB_FWD(STACK_OF(X509) *, CMS_get1_certs, (CMS_ContentInfo *cms), (cms))

HOSTLIB_FWD(int, OPENSSL_sk_num, (const OPENSSL_STACK *st), (st))
HOSTLIB_FWD(void *, OPENSSL_sk_value, (const OPENSSL_STACK *st, int i), (st, i))
HOSTLIB_FWD_VOID(OPENSSL_sk_pop_free, (OPENSSL_STACK *st, void (*func)(void *)), (st, func))

HOSTLIB_FWD_VOID(X509_free, (X509 *a), (a))
HOSTLIB_FWD(X509_NAME *, X509_get_subject_name, (const X509 *a), (a))
HOSTLIB_FWD(X509_NAME *, X509_get_issuer_name, (const X509 *a), (a))
HOSTLIB_FWD(int, X509_NAME_cmp, (const X509_NAME *a, const X509_NAME *b), (a, b))
HOSTLIB_FWD(int, X509_NAME_get_text_by_NID, (const X509_NAME *name, int nid, char *buf, int len),
            (name, nid, buf, len))
