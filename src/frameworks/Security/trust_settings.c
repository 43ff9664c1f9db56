/*
 * trust_settings.c — Security's trust settings, as rustls-native-certs (and so reqwest, ureq
 * and every rustls client that trusts the platform's roots) reads them on macOS: the system
 * domain's certificates are the host's CA bundle (SSL_CERT_FILE, else Debian's
 * /etc/ssl/certs/ca-certificates.crt, else /etc/pki/tls/certs/ca-bundle.crt), each with an
 * empty trust settings array — which Security's callers (rustls, node) take as "trusted as a
 * root", as for the roots macOS ships. The user and admin domains have none
 * (errSecNoTrustSettings for the domain, errSecItemNotFound for a certificate), as on a Mac
 * whose owner added no trust settings. SecCopyErrorMessageString gives Security's
 * texts for the statuses these calls and trust.c return.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"
#include "security_private.h"

static int b64(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Decode base64 text (whitespace skipped) into out; returns the length. */
static long unbase64(const char *s, size_t n, uint8_t *out)
{
    uint32_t acc = 0;
    int bits = 0;
    long len = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64((unsigned char)s[i]);
        if (v < 0)
            continue; /* newlines, '=' padding */
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[len++] = (uint8_t)(acc >> bits);
        }
    }
    return len;
}

static char *read_bundle(void)
{
    const char *env = getenv("SSL_CERT_FILE");
    const char *paths[] = { env, "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt" };
    for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (!paths[i] || !*paths[i])
            continue;
        FILE *f = fopen(paths[i], "re");
        if (!f)
            continue;
        char *buf = NULL;
        size_t cap = 0, len = 0;
        for (;;) {
            if (len + 65536 + 1 > cap) {
                size_t c = cap ? cap * 2 : 262144;
                char *nb = realloc(buf, c);
                if (!nb)
                    break;
                buf = nb;
                cap = c;
            }
            size_t r = fread(buf + len, 1, 65536, f);
            len += r;
            if (r == 0)
                break;
        }
        fclose(f);
        if (buf) {
            buf[len] = 0;
            return buf;
        }
    }
    return NULL;
}

struct cf *sec_system_certificates(void)
{
    char *pem = read_bundle();
    if (!pem)
        return NULL;
    struct cf *arr = d_CFArrayCreateMutable(NULL, 0, d_kCFTypeArrayCallBacks);
    static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END CERTIFICATE-----";
    for (char *p = pem; arr && (p = strstr(p, begin));) {
        p += sizeof begin - 1;
        char *e = strstr(p, end);
        if (!e)
            break;
        uint8_t *der = malloc((size_t)(e - p));
        if (der) {
            long n = unbase64(p, (size_t)(e - p), der);
            if (n > 0) {
                struct cf *c = cf_bytes_obj(SEC_CERT, der, n);
                d_CFArrayAppendValue(arr, c);
                d_CFRelease(c);
            }
            free(der);
        }
        p = e + sizeof end - 1;
    }
    free(pem);
    if (arr && d_CFArrayGetCount(arr) == 0) {
        d_CFRelease(arr);
        arr = NULL;
    }
    return arr;
}

static int d_SecTrustSettingsCopyCertificates(int domain, struct cf **out)
{
    if (!out)
        return errSecParam;
    *out = NULL;
    if (domain != 2) /* kSecTrustSettingsDomainSystem */
        return errSecNoTrustSettings;
    *out = sec_system_certificates();
    return *out ? errSecSuccess : errSecNoTrustSettings;
}
DARWIN_EXPORT("_SecTrustSettingsCopyCertificates", d_SecTrustSettingsCopyCertificates);

/* The system domain's certificates have an empty settings array, which Security's callers
 * read as "always trusted as a root" (as macOS's own roots have); the user and admin domains
 * have settings for no certificate (errSecItemNotFound, as for a certificate nobody set). */
static int d_SecTrustSettingsCopyTrustSettings(struct cf *cert, int domain, struct cf **out)
{
    if (out)
        *out = NULL;
    if (!cf_is(cert, SEC_CERT) || !out)
        return errSecParam;
    if (domain != 2)
        return errSecItemNotFound;
    *out = d_CFArrayCreateMutable(NULL, 0, d_kCFTypeArrayCallBacks);
    return *out ? errSecSuccess : errSecItemNotFound;
}
DARWIN_EXPORT("_SecTrustSettingsCopyTrustSettings", d_SecTrustSettingsCopyTrustSettings);

static const struct { int status; const char *text; } sec_texts[] = {
    { 0, "No error." },
    { -4, "Function or operation not implemented." },
    { -50, "One or more parameters passed to a function were not valid." },
    { -108, "Failed to allocate memory." },
    { -25263, "No Trust Settings were found." },
    { -25300, "The specified item could not be found in the keychain." },
    { -25299, "The specified item already exists in the keychain." },
    { -25291, "No keychain is available. You may need to restart your computer." },
    { -67808, "An internal error has occurred." },
    { -34018, "A required entitlement isn't present." },
};

static struct cf *d_SecCopyErrorMessageString(int status, void *reserved)
{
    (void)reserved;
    for (unsigned i = 0; i < sizeof sec_texts / sizeof sec_texts[0]; i++)
        if (sec_texts[i].status == status)
            return cf_string(sec_texts[i].text);
    char buf[64];
    snprintf(buf, sizeof buf, "OSStatus %d", status);
    return cf_string(buf);
}
DARWIN_EXPORT("_SecCopyErrorMessageString", d_SecCopyErrorMessageString);
