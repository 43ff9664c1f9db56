/*
 * keychain.c — Security's keychain item search (SecItemCopyMatching) and its dictionary
 * keys, for the one kind of item a Linux machine has: certificates. The keychains a search
 * covers hold the system's certificates, which on Linux are the host's CA bundle (the same
 * ones trust_settings.c gives as the system domain), so node's --use-system-ca and
 * tls.getCACertificates('system') find the roots its Linux build reads from /etc/ssl.
 * Also SecPolicyCopyProperties, which callers use to tell an SSL policy from another.
 *
 * Partial: only kSecClassCertificate items, returned as references (kSecReturnRef) or as
 * their DER data (kSecReturnData); attribute filters other than the class and the match
 * limit make the search fail with errSecParam rather than silently match everything; no
 * keys, identities or passwords exist (errSecItemNotFound), and nothing can be added.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"
#include "security_private.h"

/* The keys and values are CFStrings whose contents are Security's own (SecItem.h's
 * constants are strings such as "class" and "cert"); callers compare them with CFEqual. */
#define SEC_STRING(var, text) \
    static struct cf var = { CF_MAGIC, CF_STRING, CF_STATIC_REFS, 0, { .data = { (uint8_t *)text, sizeof text - 1 } } }
SEC_STRING(s_class, "class");
SEC_STRING(s_class_certificate, "cert");
SEC_STRING(s_class_key, "keys");
SEC_STRING(s_class_identity, "idnt");
SEC_STRING(s_class_generic_password, "genp");
SEC_STRING(s_class_internet_password, "inet");
SEC_STRING(s_match_limit, "m_Limit");
SEC_STRING(s_match_limit_all, "m_LimitAll");
SEC_STRING(s_match_limit_one, "m_LimitOne");
SEC_STRING(s_return_ref, "r_Ref");
SEC_STRING(s_return_data, "r_Data");
SEC_STRING(s_return_attributes, "r_Attributes");
SEC_STRING(s_policy_oid, "SecPolicyOid");
SEC_STRING(s_policy_apple_ssl, "1.2.840.113635.100.1.3");
SEC_STRING(s_policy_apple_x509_basic, "1.2.840.113635.100.1.2");

static const void *d_kSecClass = &s_class;
static const void *d_kSecClassCertificate = &s_class_certificate;
static const void *d_kSecClassKey = &s_class_key;
static const void *d_kSecClassIdentity = &s_class_identity;
static const void *d_kSecClassGenericPassword = &s_class_generic_password;
static const void *d_kSecClassInternetPassword = &s_class_internet_password;
static const void *d_kSecMatchLimit = &s_match_limit;
static const void *d_kSecMatchLimitAll = &s_match_limit_all;
static const void *d_kSecMatchLimitOne = &s_match_limit_one;
static const void *d_kSecReturnRef = &s_return_ref;
static const void *d_kSecReturnData = &s_return_data;
static const void *d_kSecReturnAttributes = &s_return_attributes;
static const void *d_kSecPolicyOid = &s_policy_oid;
static const void *d_kSecPolicyAppleSSL = &s_policy_apple_ssl;
static const void *d_kSecPolicyAppleX509Basic = &s_policy_apple_x509_basic;
DARWIN_EXPORT_DATA("_kSecClass", d_kSecClass);
DARWIN_EXPORT_DATA("_kSecClassCertificate", d_kSecClassCertificate);
DARWIN_EXPORT_DATA("_kSecClassKey", d_kSecClassKey);
DARWIN_EXPORT_DATA("_kSecClassIdentity", d_kSecClassIdentity);
DARWIN_EXPORT_DATA("_kSecClassGenericPassword", d_kSecClassGenericPassword);
DARWIN_EXPORT_DATA("_kSecClassInternetPassword", d_kSecClassInternetPassword);
DARWIN_EXPORT_DATA("_kSecMatchLimit", d_kSecMatchLimit);
DARWIN_EXPORT_DATA("_kSecMatchLimitAll", d_kSecMatchLimitAll);
DARWIN_EXPORT_DATA("_kSecMatchLimitOne", d_kSecMatchLimitOne);
DARWIN_EXPORT_DATA("_kSecReturnRef", d_kSecReturnRef);
DARWIN_EXPORT_DATA("_kSecReturnData", d_kSecReturnData);
DARWIN_EXPORT_DATA("_kSecReturnAttributes", d_kSecReturnAttributes);
DARWIN_EXPORT_DATA("_kSecPolicyOid", d_kSecPolicyOid);
DARWIN_EXPORT_DATA("_kSecPolicyAppleSSL", d_kSecPolicyAppleSSL);
DARWIN_EXPORT_DATA("_kSecPolicyAppleX509Basic", d_kSecPolicyAppleX509Basic);

static bool is_true(const void *v)
{
    return v && v == (const void *)cf_boolean(true);
}

static int d_SecItemCopyMatching(struct cf *query, const void **result)
{
    if (result)
        *result = NULL;
    if (!cf_is(query, CF_DICTIONARY))
        return errSecParam;
    const void *cls = cf_dict_get(query, &s_class);
    if (!cls)
        return errSecParam;
    if (!d_CFEqual(cls, &s_class_certificate))
        return errSecItemNotFound; /* no keys, identities or passwords on this machine */
    bool all = false, want_ref = false, want_data = false;
    for (long i = 0; i < query->u.dict.n; i++) {
        const void *k = query->u.dict.k[i], *v = query->u.dict.v[i];
        if (d_CFEqual(k, &s_class))
            continue;
        if (d_CFEqual(k, &s_match_limit)) {
            if (d_CFEqual(v, &s_match_limit_all))
                all = true;
            else if (!d_CFEqual(v, &s_match_limit_one))
                return errSecParam; /* a numeric limit: not implemented */
        } else if (d_CFEqual(k, &s_return_ref)) {
            want_ref = is_true(v);
        } else if (d_CFEqual(k, &s_return_data)) {
            want_data = is_true(v);
        } else {
            return errSecParam; /* an attribute filter this search does not implement */
        }
    }
    if (want_ref == want_data) /* neither or both (a dictionary per item): not implemented */
        return errSecParam;
    struct cf *certs = sec_system_certificates();
    if (!certs)
        return errSecItemNotFound;
    long n = d_CFArrayGetCount(certs);
    struct cf *out = NULL;
    if (all) {
        out = d_CFArrayCreateMutable(NULL, n, d_kCFTypeArrayCallBacks);
        for (long i = 0; out && i < n; i++) {
            struct cf *c = (struct cf *)d_CFArrayGetValueAtIndex(certs, i);
            if (want_ref) {
                d_CFArrayAppendValue(out, c);
            } else {
                struct cf *d = cf_bytes_obj(CF_DATA, c->u.data.bytes, c->u.data.len);
                d_CFArrayAppendValue(out, d);
                d_CFRelease(d);
            }
        }
    } else {
        struct cf *c = (struct cf *)d_CFArrayGetValueAtIndex(certs, 0);
        out = want_ref ? (struct cf *)d_CFRetain(c) : cf_bytes_obj(CF_DATA, c->u.data.bytes, c->u.data.len);
    }
    d_CFRelease(certs);
    if (result)
        *result = out;
    else
        d_CFRelease(out);
    return errSecSuccess;
}
DARWIN_EXPORT_PARTIAL("_SecItemCopyMatching", d_SecItemCopyMatching);

/* The properties of a policy: its kind, SSL (SecPolicyCreateSSL) or basic X.509
 * (SecPolicyCreateBasicX509). */
static struct cf *d_SecPolicyCopyProperties(struct cf *policy)
{
    if (!cf_is(policy, SEC_POLICY))
        return NULL;
    struct cf *d = cf_dict_new();
    if (d)
        cf_dict_set(d, &s_policy_oid, policy->u.policy.ssl ? &s_policy_apple_ssl : &s_policy_apple_x509_basic);
    return d;
}
DARWIN_EXPORT("_SecPolicyCopyProperties", d_SecPolicyCopyProperties);
