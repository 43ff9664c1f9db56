/*
 * trust.c — Security's certificate, policy and trust objects (CF objects of CoreFoundation's
 * object model, include/machrun/darwin/cf.h), and trust evaluation by OpenSSL's chain
 * verification (libcrypto, opened on first use by src/hostlib/crypto_x509.c), as Go's
 * crypto/x509 and node's --use-system-ca use them.
 *
 * SecTrustEvaluateWithError builds a chain from the leaf (the first certificate), the other
 * certificates as untrusted intermediates and the anchors: the system's (the host's CA
 * bundle, sec_system_certificates(), parsed once and kept), or those of
 * SecTrustSetAnchorCertificates (instead of the system's, or besides them after
 * SecTrustSetAnchorCertificatesOnly(false)). Any anchor ends a chain, self-signed or not. Each
 * policy is checked in turn: an SSL policy checks the purpose (TLS server or client: key
 * usage and extended key usage) and, when it has one, the host name (or IP address); a basic
 * X.509 policy only the chain, signatures and validity dates. The validity dates are checked
 * at the verify date (SecTrustSetVerifyDate) or now. A leaf that is itself an anchor (a root
 * evaluated alone, as node does for each system root) is trusted without the purpose check,
 * as macOS trusts its own roots. Failures answer a CFError of NSOSStatusErrorDomain:
 * errSecCertificateExpired (expired or not yet valid), errSecHostNameMismatch, or
 * errSecNotTrusted for every other reason, described by OpenSSL's verify error text.
 *
 * Partial: no revocation checks (OCSP, CRLs), no network fetches of missing intermediates
 * (AIA), no certificate transparency or EV checks, no user or admin trust settings, only the
 * SSL and basic X.509 policies; Apple's own extra rules for TLS server certificates (the
 * 398-day validity limit, SHA-1 and key-size bans) are not applied beyond OpenSSL's defaults.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"
#include "security_private.h"


enum { kSecTrustResultInvalid = 0, kSecTrustResultUnspecified = 4, kSecTrustResultRecoverableTrustFailure = 5,
       kSecTrustResultFatalTrustFailure = 6 };

#define CF_ABSOLUTE_TIME_1970 978307200.0 /* kCFAbsoluteTimeIntervalSince1970 */

static X509 *cert_x509(struct cf *c)
{
    if (!cf_is(c, SEC_CERT))
        return NULL;
    const unsigned char *p = c->u.data.bytes;
    return d2i_X509(NULL, &p, c->u.data.len);
}

static struct cf *d_SecCertificateCreateWithData(const void *alloc, struct cf *data)
{
    (void)alloc;
    if (!is_cf(data) || data->type != CF_DATA || data->u.data.len <= 0)
        return NULL;
    struct cf *c = cf_bytes_obj(SEC_CERT, data->u.data.bytes, data->u.data.len);
    X509 *x = cert_x509(c); /* as Security does, no certificate from data that is not one */
    if (!x) {
        d_CFRelease(c);
        return NULL;
    }
    X509_free(x);
    return c;
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
    struct cf *p = cf_new(SEC_POLICY);
    if (!p)
        return NULL;
    p->u.policy.ssl = true;
    p->u.policy.server = server;
    if (cf_is(host, CF_STRING) && host->u.data.len > 0)
        p->u.policy.host = (struct cf *)d_CFRetain(host);
    return p;
}
DARWIN_EXPORT("_SecPolicyCreateSSL", d_SecPolicyCreateSSL);

static struct cf *d_SecPolicyCreateBasicX509(void) { return cf_new(SEC_POLICY); }
DARWIN_EXPORT("_SecPolicyCreateBasicX509", d_SecPolicyCreateBasicX509);

/* A policy or an array of policies (NULL: none, which evaluates as basic X.509). */
static bool policies_ok(const void *policies)
{
    if (!policies || cf_is(policies, SEC_POLICY))
        return true;
    if (!cf_is(policies, CF_ARRAY))
        return false;
    for (long i = 0; i < d_CFArrayGetCount((struct cf *)policies); i++)
        if (!cf_is(d_CFArrayGetValueAtIndex((struct cf *)policies, i), SEC_POLICY))
            return false;
    return true;
}

/* A new evaluation is due: the settings changed. */
static void trust_reset(struct cf *t)
{
    d_CFRelease(t->u.trust.chain);
    d_CFRelease(t->u.trust.err_desc);
    t->u.trust.chain = t->u.trust.err_desc = NULL;
    t->u.trust.result = kSecTrustResultInvalid;
    t->u.trust.err_code = 0;
}

static int d_SecTrustCreateWithCertificates(struct cf *certs, const void *policies, struct cf **out)
{
    if (!out)
        return errSecParam;
    *out = NULL;
    if (!(cf_is(certs, SEC_CERT) || (cf_is(certs, CF_ARRAY) && d_CFArrayGetCount(certs) > 0)) ||
        !policies_ok(policies))
        return errSecParam;
    if (cf_is(certs, CF_ARRAY))
        for (long i = 0; i < d_CFArrayGetCount(certs); i++)
            if (!cf_is(d_CFArrayGetValueAtIndex(certs, i), SEC_CERT))
                return errSecParam;
    struct cf *t = cf_new(SEC_TRUST);
    if (!t)
        return errSecAllocate;
    if (cf_is(certs, CF_ARRAY)) {
        d_CFRetain(certs);
        t->u.trust.certs = certs;
    } else {
        struct cf *a = d_CFArrayCreateMutable(NULL, 1, d_kCFTypeArrayCallBacks);
        d_CFArrayAppendValue(a, certs);
        t->u.trust.certs = a;
    }
    t->u.trust.policies = (struct cf *)d_CFRetain(policies);
    *out = t;
    return errSecSuccess;
}
DARWIN_EXPORT("_SecTrustCreateWithCertificates", d_SecTrustCreateWithCertificates);

static int d_SecTrustSetPolicies(struct cf *t, const void *policies)
{
    if (!cf_is(t, SEC_TRUST) || !policies_ok(policies))
        return errSecParam;
    d_CFRetain(policies);
    d_CFRelease(t->u.trust.policies);
    t->u.trust.policies = (struct cf *)policies;
    trust_reset(t);
    return errSecSuccess;
}
DARWIN_EXPORT("_SecTrustSetPolicies", d_SecTrustSetPolicies);

static int d_SecTrustSetVerifyDate(struct cf *t, struct cf *date)
{
    if (!cf_is(t, SEC_TRUST) || !cf_is(date, CF_DATE))
        return errSecParam;
    t->u.trust.date = date->u.date;
    t->u.trust.has_date = true;
    trust_reset(t);
    return errSecSuccess;
}
DARWIN_EXPORT("_SecTrustSetVerifyDate", d_SecTrustSetVerifyDate);

/* Custom anchors, which replace the system's until SecTrustSetAnchorCertificatesOnly(false);
 * NULL goes back to the system's. */
static int d_SecTrustSetAnchorCertificates(struct cf *t, struct cf *anchors)
{
    if (!cf_is(t, SEC_TRUST) || (anchors && !cf_is(anchors, CF_ARRAY)))
        return errSecParam;
    d_CFRetain(anchors);
    d_CFRelease(t->u.trust.anchors);
    t->u.trust.anchors = anchors;
    t->u.trust.anchors_only = anchors != NULL;
    trust_reset(t);
    return errSecSuccess;
}
DARWIN_EXPORT("_SecTrustSetAnchorCertificates", d_SecTrustSetAnchorCertificates);

static int d_SecTrustSetAnchorCertificatesOnly(struct cf *t, bool only)
{
    if (!cf_is(t, SEC_TRUST))
        return errSecParam;
    t->u.trust.anchors_only = only;
    trust_reset(t);
    return errSecSuccess;
}
DARWIN_EXPORT("_SecTrustSetAnchorCertificatesOnly", d_SecTrustSetAnchorCertificatesOnly);

/* The system's anchors, parsed once: a store for evaluations and the certificates, to tell
 * a leaf that is one of them. */
static pthread_once_t sys_once = PTHREAD_ONCE_INIT;
static X509_STORE *sys_store;
static X509 **sys_certs;
static long sys_n;

static void sys_load(void)
{
    sys_store = X509_STORE_new();
    struct cf *arr = sec_system_certificates();
    long n = arr ? d_CFArrayGetCount(arr) : 0;
    sys_certs = n ? calloc((size_t)n, sizeof *sys_certs) : NULL;
    for (long i = 0; sys_store && sys_certs && i < n; i++) {
        X509 *x = cert_x509((struct cf *)d_CFArrayGetValueAtIndex(arr, i));
        if (x && X509_STORE_add_cert(sys_store, x) == 1)
            sys_certs[sys_n++] = x;
        else if (x)
            X509_free(x);
    }
    d_CFRelease(arr);
}

struct anchors {
    X509_STORE *store; /* the system's (shared) or made for this evaluation */
    bool own;
    STACK_OF(X509) *custom;
    bool with_system;
};

static bool anchors_get(struct cf *t, struct anchors *a)
{
    memset(a, 0, sizeof *a);
    a->with_system = !t->u.trust.anchors || !t->u.trust.anchors_only;
    if (a->with_system)
        pthread_once(&sys_once, sys_load);
    if (!t->u.trust.anchors) {
        a->store = sys_store;
        return a->store != NULL;
    }
    a->own = true;
    a->store = X509_STORE_new();
    a->custom = sk_X509_new_null();
    if (!a->store || !a->custom)
        return false;
    for (long i = 0; a->with_system && i < sys_n; i++)
        X509_STORE_add_cert(a->store, sys_certs[i]);
    for (long i = 0; i < d_CFArrayGetCount(t->u.trust.anchors); i++) {
        X509 *x = cert_x509((struct cf *)d_CFArrayGetValueAtIndex(t->u.trust.anchors, i));
        if (!x)
            continue;
        X509_STORE_add_cert(a->store, x); /* a duplicate is ignored */
        sk_X509_push(a->custom, x);
    }
    return true;
}

static void anchors_free(struct anchors *a)
{
    if (a->own)
        X509_STORE_free(a->store);
    sk_X509_pop_free(a->custom, X509_free);
}

static bool is_anchor(const struct anchors *a, X509 *x)
{
    for (int i = 0; a->custom && i < sk_X509_num(a->custom); i++)
        if (!X509_cmp(sk_X509_value(a->custom, i), x))
            return true;
    for (long i = 0; a->with_system && i < sys_n; i++)
        if (!X509_cmp(sys_certs[i], x))
            return true;
    return false;
}

static struct cf *chain_array(STACK_OF(X509) *chain)
{
    struct cf *arr = d_CFArrayCreateMutable(NULL, 0, d_kCFTypeArrayCallBacks);
    for (int i = 0; arr && i < sk_X509_num(chain); i++) {
        X509 *x = sk_X509_value(chain, i);
        int n = i2d_X509(x, NULL);
        uint8_t *der = n > 0 ? malloc((size_t)n) : NULL;
        unsigned char *p = der;
        if (der && i2d_X509(x, &p) == n) {
            struct cf *c = cf_bytes_obj(SEC_CERT, der, n);
            d_CFArrayAppendValue(arr, c);
            d_CFRelease(c);
        }
        free(der);
    }
    return arr;
}

static void trust_fail(struct cf *t, int result, int code, const char *fmt, const char *a, const char *b)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, a, b);
    t->u.trust.result = (uint8_t)result;
    t->u.trust.err_code = code;
    t->u.trust.err_desc = cf_string(msg);
}

/* One policy's verification of the leaf; false with the failure recorded in t. */
static bool verify_policy(struct cf *t, struct cf *policy, struct anchors *a, X509 *leaf, STACK_OF(X509) *rest,
                          bool leaf_anchor, STACK_OF(X509) **chain)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (!ctx || X509_STORE_CTX_init(ctx, a->store, leaf, rest) != 1) {
        X509_STORE_CTX_free(ctx);
        trust_fail(t, kSecTrustResultFatalTrustFailure, errSecNotTrusted, "%s%s",
                   "the certificate chain could not be evaluated (libcrypto)", "");
        return false;
    }
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN); /* any anchor ends a chain */
    if (t->u.trust.has_date)
        X509_VERIFY_PARAM_set_time(param, (time_t)(t->u.trust.date + CF_ABSOLUTE_TIME_1970));
    bool ssl = cf_is(policy, SEC_POLICY) && policy->u.policy.ssl;
    if (ssl && !leaf_anchor)
        X509_STORE_CTX_set_purpose(ctx, policy->u.policy.server ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT);
    const char *host = ssl && policy->u.policy.host ? (const char *)policy->u.policy.host->u.data.bytes : NULL;
    if (host) {
        unsigned char addr[16];
        if (inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1)
            X509_VERIFY_PARAM_set1_ip_asc(param, host);
        else
            X509_VERIFY_PARAM_set1_host(param, host, 0);
    }
    bool ok = X509_verify_cert(ctx) == 1;
    if (*chain)
        sk_X509_pop_free(*chain, X509_free);
    *chain = X509_STORE_CTX_get1_chain(ctx);
    if (!ok) {
        int err = X509_STORE_CTX_get_error(ctx), depth = X509_STORE_CTX_get_error_depth(ctx);
        int code = errSecNotTrusted;
        if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
            code = errSecCertificateExpired;
        else if (err == X509_V_ERR_HOSTNAME_MISMATCH || err == X509_V_ERR_IP_ADDRESS_MISMATCH)
            code = errSecHostNameMismatch;
        X509 *bad = *chain && depth >= 0 && depth < sk_X509_num(*chain) ? sk_X509_value(*chain, depth) : leaf;
        char cn[256] = "";
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(bad), NID_commonName, cn, sizeof cn) < 0)
            snprintf(cn, sizeof cn, "certificate %d of the chain", depth < 0 ? 0 : depth);
        trust_fail(t, kSecTrustResultRecoverableTrustFailure, code, "\xe2\x80\x9c%s\xe2\x80\x9d is not trusted: %s",
                   cn, X509_verify_cert_error_string(err));
    }
    X509_STORE_CTX_free(ctx);
    return ok;
}

static void trust_evaluate(struct cf *t)
{
    trust_reset(t);
    struct cf *certs = t->u.trust.certs;
    X509 *leaf = cert_x509((struct cf *)d_CFArrayGetValueAtIndex(certs, 0));
    STACK_OF(X509) *rest = sk_X509_new_null(), *chain = NULL;
    struct anchors a;
    bool have_anchors = anchors_get(t, &a);
    if (!leaf || !rest || !have_anchors) {
        trust_fail(t, kSecTrustResultFatalTrustFailure, errSecNotTrusted, "%s%s",
                   !leaf ? "the leaf certificate could not be parsed" : "no anchor certificates", "");
        goto out;
    }
    for (long i = 1; i < d_CFArrayGetCount(certs); i++) {
        X509 *x = cert_x509((struct cf *)d_CFArrayGetValueAtIndex(certs, i));
        if (x)
            sk_X509_push(rest, x);
    }
    bool leaf_anchor = is_anchor(&a, leaf);
    struct cf *pol = t->u.trust.policies;
    long np = cf_is(pol, CF_ARRAY) ? d_CFArrayGetCount(pol) : 1;
    bool ok = true;
    for (long i = 0; ok && i < np; i++) {
        struct cf *p = cf_is(pol, CF_ARRAY) ? (struct cf *)d_CFArrayGetValueAtIndex(pol, i) : pol;
        ok = verify_policy(t, p, &a, leaf, rest, leaf_anchor, &chain);
    }
    if (ok)
        t->u.trust.result = kSecTrustResultUnspecified;
    if (chain && sk_X509_num(chain) > 0)
        t->u.trust.chain = chain_array(chain);
out:
    if (!t->u.trust.chain)
        t->u.trust.chain = (struct cf *)d_CFRetain(certs);
    sk_X509_pop_free(chain, X509_free);
    sk_X509_pop_free(rest, X509_free);
    X509_free(leaf);
    anchors_free(&a);
}

static struct cf *trust_error(struct cf *t)
{
    struct cf *e = cf_new(CF_ERROR);
    if (e) {
        e->u.error.code = t->u.trust.err_code;
        e->u.error.desc = (struct cf *)d_CFRetain(t->u.trust.err_desc);
        e->u.error.domain = cf_string("NSOSStatusErrorDomain");
    }
    return e;
}

static bool d_SecTrustEvaluateWithError(struct cf *t, struct cf **error)
{
    if (error)
        *error = NULL;
    if (!cf_is(t, SEC_TRUST))
        return false;
    trust_evaluate(t);
    bool ok = t->u.trust.result == kSecTrustResultUnspecified;
    if (!ok && error)
        *error = trust_error(t);
    return ok;
}
DARWIN_EXPORT_PARTIAL("_SecTrustEvaluateWithError", d_SecTrustEvaluateWithError);

/* Deprecated: the result as a SecTrustResultType. */
static int d_SecTrustEvaluate(struct cf *t, uint32_t *result)
{
    if (!cf_is(t, SEC_TRUST))
        return errSecParam;
    trust_evaluate(t);
    if (result)
        *result = t->u.trust.result;
    return errSecSuccess;
}
DARWIN_EXPORT_PARTIAL("_SecTrustEvaluate", d_SecTrustEvaluate);

static int d_SecTrustGetTrustResult(struct cf *t, uint32_t *result)
{
    if (!cf_is(t, SEC_TRUST) || !result)
        return errSecParam;
    *result = t->u.trust.result;
    return errSecSuccess;
}
DARWIN_EXPORT("_SecTrustGetTrustResult", d_SecTrustGetTrustResult);

/* The chain of the last evaluation (leaf first, anchor last), evaluating first if needed;
 * the certificates the trust was made with when no chain could be built. */
static struct cf *trust_chain(struct cf *t)
{
    if (!cf_is(t, SEC_TRUST))
        return NULL;
    if (!t->u.trust.chain)
        trust_evaluate(t);
    return t->u.trust.chain;
}
static long d_SecTrustGetCertificateCount(struct cf *t)
{
    struct cf *c = trust_chain(t);
    return c ? d_CFArrayGetCount(c) : 0;
}
static const void *d_SecTrustGetCertificateAtIndex(struct cf *t, long i)
{
    struct cf *c = trust_chain(t);
    return c && i >= 0 && i < d_CFArrayGetCount(c) ? d_CFArrayGetValueAtIndex(c, i) : NULL;
}
static struct cf *d_SecTrustCopyCertificateChain(struct cf *t)
{
    struct cf *c = trust_chain(t);
    return c ? (struct cf *)d_CFRetain(c) : NULL;
}
DARWIN_EXPORT("_SecTrustGetCertificateCount", d_SecTrustGetCertificateCount);
DARWIN_EXPORT("_SecTrustGetCertificateAtIndex", d_SecTrustGetCertificateAtIndex);
DARWIN_EXPORT("_SecTrustCopyCertificateChain", d_SecTrustCopyCertificateChain);
