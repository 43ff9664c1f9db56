/*
 * trust.c — Security's certificate and trust objects, as Go's crypto/x509 uses them to
 * evaluate certificate chains: certificates and trust objects are kept (CF objects of
 * CoreFoundation's object model), but evaluation is not implemented: SecTrustEvaluateWithError
 * answers false with a CFError saying so (never a crash and never a false "trusted"), so a Go
 * program reports an x509 error instead of trusting or dying.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"
#include "security_private.h"

static struct cf *d_SecCertificateCreateWithData(const void *alloc, struct cf *data)
{
    (void)alloc;
    if (!is_cf(data) || data->type != CF_DATA || data->u.data.len <= 0)
        return NULL;
    return cf_bytes_obj(SEC_CERT, data->u.data.bytes, data->u.data.len);
}
DARWIN_EXPORT("_SecCertificateCreateWithData", d_SecCertificateCreateWithData);

static struct cf *d_SecCertificateCopyData(struct cf *c)
{
    if (!is_cf(c) || c->type != SEC_CERT)
        return NULL;
    return cf_bytes_obj(CF_DATA, c->u.data.bytes, c->u.data.len);
}
DARWIN_EXPORT("_SecCertificateCopyData", d_SecCertificateCopyData);

static struct cf *d_SecPolicyCreateSSL(bool server, struct cf *host)
{
    (void)server;
    (void)host;
    return cf_new(SEC_POLICY);
}
DARWIN_EXPORT("_SecPolicyCreateSSL", d_SecPolicyCreateSSL);

static int d_SecTrustCreateWithCertificates(struct cf *certs, const void *policies, struct cf **out)
{
    (void)policies;
    struct cf *t = cf_new(SEC_TRUST);
    if (!t)
        return errSecAllocate;
    if (is_cf(certs) && certs->type == CF_ARRAY) {
        d_CFRetain(certs);
        t->u.trust.certs = certs;
    } else if (is_cf(certs)) {
        struct cf *a = d_CFArrayCreateMutable(NULL, 1, d_kCFTypeArrayCallBacks);
        d_CFArrayAppendValue(a, certs);
        t->u.trust.certs = a;
    }
    *out = t;
    return 0;
}
DARWIN_EXPORT("_SecTrustCreateWithCertificates", d_SecTrustCreateWithCertificates);

static int d_SecTrustSetVerifyDate(struct cf *t, struct cf *date) { (void)t; (void)date; return 0; }
DARWIN_EXPORT("_SecTrustSetVerifyDate", d_SecTrustSetVerifyDate);

static long d_SecTrustGetCertificateCount(struct cf *t)
{
    return is_cf(t) && t->type == SEC_TRUST ? d_CFArrayGetCount(t->u.trust.certs) : 0;
}
static const void *d_SecTrustGetCertificateAtIndex(struct cf *t, long i)
{
    return is_cf(t) && t->type == SEC_TRUST ? d_CFArrayGetValueAtIndex(t->u.trust.certs, i) : NULL;
}
static struct cf *d_SecTrustCopyCertificateChain(struct cf *t)
{
    if (!is_cf(t) || t->type != SEC_TRUST || !t->u.trust.certs)
        return NULL;
    d_CFRetain(t->u.trust.certs);
    return t->u.trust.certs;
}
DARWIN_EXPORT("_SecTrustGetCertificateCount", d_SecTrustGetCertificateCount);
DARWIN_EXPORT("_SecTrustGetCertificateAtIndex", d_SecTrustGetCertificateAtIndex);
DARWIN_EXPORT("_SecTrustCopyCertificateChain", d_SecTrustCopyCertificateChain);

/* Not implemented: evaluation answers "not trusted" with an error saying why. */
static bool d_SecTrustEvaluateWithError(struct cf *t, struct cf **error)
{
    (void)t;
    if (error) {
        struct cf *e = cf_new(CF_ERROR);
        if (e) {
            static const char msg[] = "machrun: certificate trust evaluation (Security.framework) is not "
                                      "implemented; the chain was not verified";
            e->u.error.code = errSecInternalComponent;
            e->u.error.desc = cf_bytes_obj(CF_STRING, (const uint8_t *)msg, (long)sizeof msg - 1);
            e->u.error.domain = cf_bytes_obj(CF_STRING, (const uint8_t *)"NSOSStatusErrorDomain", 21);
        }
        *error = e;
    }
    return false;
}
DARWIN_EXPORT_PARTIAL("_SecTrustEvaluateWithError", d_SecTrustEvaluateWithError);
