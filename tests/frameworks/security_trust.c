/* security_trust.c — Security's trust evaluation (src/frameworks/Security/trust.c): chains of
 * the fixtures of tests/frameworks/trust (make_certs.sh) against a custom anchor, host name,
 * expiry and verify date, an untrusted self-signed certificate, and every root of the
 * system's store (the host's CA bundle) evaluated alone, as node's --use-system-ca does.
 * Framework symbols are declared here (zig's SDK has no Security headers).
 * usage: security_trust DIR (the fixtures' folder) */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef const void *CFTypeRef;
extern const char kCFTypeArrayCallBacks[];
CFTypeRef CFDataCreate(const void *, const unsigned char *, long);
const unsigned char *CFDataGetBytePtr(CFTypeRef);
long CFDataGetLength(CFTypeRef);
CFTypeRef CFArrayCreate(const void *, const void **, long, const void *);
long CFArrayGetCount(CFTypeRef);
CFTypeRef CFArrayGetValueAtIndex(CFTypeRef, long);
CFTypeRef CFStringCreateWithCString(const void *, const char *, unsigned);
bool CFStringGetCString(CFTypeRef, char *, long, unsigned);
CFTypeRef CFDateCreate(const void *, double);
long CFErrorGetCode(CFTypeRef);
CFTypeRef CFErrorGetDomain(CFTypeRef);
CFTypeRef CFErrorCopyDescription(CFTypeRef);
void CFRelease(CFTypeRef);
CFTypeRef SecCertificateCreateWithData(const void *, CFTypeRef);
CFTypeRef SecCertificateCopyData(CFTypeRef);
CFTypeRef SecPolicyCreateSSL(bool, CFTypeRef);
CFTypeRef SecPolicyCreateBasicX509(void);
int SecTrustCreateWithCertificates(CFTypeRef, CFTypeRef, CFTypeRef *);
int SecTrustSetVerifyDate(CFTypeRef, CFTypeRef);
int SecTrustSetAnchorCertificates(CFTypeRef, CFTypeRef);
int SecTrustSetAnchorCertificatesOnly(CFTypeRef, bool);
bool SecTrustEvaluateWithError(CFTypeRef, CFTypeRef *);
int SecTrustEvaluate(CFTypeRef, unsigned *);
int SecTrustGetTrustResult(CFTypeRef, unsigned *);
long SecTrustGetCertificateCount(CFTypeRef);
CFTypeRef SecTrustGetCertificateAtIndex(CFTypeRef, long);
CFTypeRef SecTrustCopyCertificateChain(CFTypeRef);
int SecTrustSettingsCopyCertificates(int, CFTypeRef *);
#define UTF8 0x08000100u
#define SINCE_1970 978307200.0

static const char *dir;

static CFTypeRef cert(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.der", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    unsigned char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    CFTypeRef d = CFDataCreate(NULL, buf, (long)n);
    CFTypeRef c = SecCertificateCreateWithData(NULL, d);
    CFRelease(d);
    if (!c) {
        printf("%s: not a certificate\n", name);
        exit(1);
    }
    return c;
}

static CFTypeRef trust_of(CFTypeRef *certs, long n, CFTypeRef policy)
{
    CFTypeRef arr = CFArrayCreate(NULL, certs, n, kCFTypeArrayCallBacks), t = NULL;
    int st = SecTrustCreateWithCertificates(arr, policy, &t);
    CFRelease(arr);
    if (st || !t) {
        printf("SecTrustCreateWithCertificates: %d\n", st);
        exit(1);
    }
    return t;
}

static void anchors(CFTypeRef t, CFTypeRef anchor)
{
    CFTypeRef arr = CFArrayCreate(NULL, &anchor, 1, kCFTypeArrayCallBacks);
    SecTrustSetAnchorCertificates(t, arr);
    CFRelease(arr);
}

/* Evaluates and prints the answer: "trusted" or "not trusted (code, domain, WORD: yes/no)",
 * WORD a part of the description that must name the reason. */
static bool evaluate(const char *what, CFTypeRef t, const char *word)
{
    CFTypeRef err = NULL;
    bool ok = SecTrustEvaluateWithError(t, &err);
    printf("%s: ", what);
    if (ok) {
        printf("trusted%s\n", err ? " (with an error!)" : "");
        return true;
    }
    char domain[128] = "", desc[512] = "";
    CFStringGetCString(CFErrorGetDomain(err), domain, sizeof domain, UTF8);
    CFTypeRef d = CFErrorCopyDescription(err);
    CFStringGetCString(d, desc, sizeof desc, UTF8);
    CFRelease(d);
    if (word)
        printf("not trusted (%ld, %s, \"%s\": %s)\n", CFErrorGetCode(err), domain, word,
               strstr(desc, word) ? "yes" : "no");
    else
        printf("not trusted (%ld, %s)\n", CFErrorGetCode(err), domain);
    if (getenv("SHOW_DESC"))
        printf("  %s\n", desc);
    CFRelease(err);
    return false;
}

static bool same(CFTypeRef a, CFTypeRef b)
{
    CFTypeRef da = SecCertificateCopyData(a), db = SecCertificateCopyData(b);
    bool eq = CFDataGetLength(da) == CFDataGetLength(db) &&
              !memcmp(CFDataGetBytePtr(da), CFDataGetBytePtr(db), (size_t)CFDataGetLength(da));
    CFRelease(da);
    CFRelease(db);
    return eq;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    dir = argv[1];
    CFTypeRef root = cert("root"), in = cert("int"), leaf = cert("leaf"), expired = cert("expired"),
              self = cert("selfsigned");
    CFTypeRef host = CFStringCreateWithCString(NULL, "test.example", UTF8);
    CFTypeRef other = CFStringCreateWithCString(NULL, "other.example", UTF8);
    CFTypeRef ssl = SecPolicyCreateSSL(true, host), ssl_other = SecPolicyCreateSSL(true, other);
    CFTypeRef ssl_client = SecPolicyCreateSSL(false, NULL), basic = SecPolicyCreateBasicX509();

    unsigned char junk[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
    CFTypeRef jd = CFDataCreate(NULL, junk, sizeof junk);
    printf("certificate from junk: %s\n", SecCertificateCreateWithData(NULL, jd) ? "made" : "NULL");
    CFRelease(jd);

    /* leaf + intermediate against the custom root */
    CFTypeRef chain[] = { leaf, in };
    CFTypeRef t = trust_of(chain, 2, ssl);
    anchors(t, root);
    evaluate("leaf+int, custom root, test.example", t, NULL);
    unsigned r = 99;
    SecTrustGetTrustResult(t, &r);
    printf("trust result: %u\n", r);
    CFTypeRef built = SecTrustCopyCertificateChain(t);
    printf("chain: %ld certificates, leaf first %s, root last %s\n", CFArrayGetCount(built),
           same(CFArrayGetValueAtIndex(built, 0), leaf) ? "yes" : "no",
           same(CFArrayGetValueAtIndex(built, CFArrayGetCount(built) - 1), root) ? "yes" : "no");
    CFRelease(built);
    printf("count %ld, at index 1 the intermediate: %s\n", SecTrustGetCertificateCount(t),
           same(SecTrustGetCertificateAtIndex(t, 1), in) ? "yes" : "no");
    r = 99;
    printf("SecTrustEvaluate: %d, result %u\n", SecTrustEvaluate(t, &r), r);
    CFRelease(t);

    /* without the intermediate: no chain */
    t = trust_of(&leaf, 1, ssl);
    anchors(t, root);
    evaluate("leaf alone, custom root", t, "issuer certificate");
    CFRelease(t);

    /* the system's anchors do not include the test root */
    t = trust_of(chain, 2, ssl);
    evaluate("leaf+int, system roots", t, "issuer certificate");
    CFRelease(t);

    /* custom anchors besides the system's */
    t = trust_of(chain, 2, ssl);
    anchors(t, root);
    SecTrustSetAnchorCertificatesOnly(t, false);
    evaluate("leaf+int, custom root and the system's", t, NULL);
    CFRelease(t);

    /* host name */
    t = trust_of(chain, 2, ssl_other);
    anchors(t, root);
    evaluate("leaf+int, other.example", t, "hostname mismatch");
    r = 99;
    SecTrustEvaluate(t, &r);
    printf("SecTrustEvaluate result: %u\n", r);
    CFRelease(t);

    /* basic X.509 and an array of policies */
    t = trust_of(chain, 2, basic);
    anchors(t, root);
    evaluate("leaf+int, basic X.509", t, NULL);
    CFRelease(t);
    CFTypeRef pols[] = { basic, ssl_other };
    CFTypeRef parr = CFArrayCreate(NULL, pols, 2, kCFTypeArrayCallBacks);
    t = trust_of(chain, 2, parr);
    anchors(t, root);
    evaluate("leaf+int, [basic, SSL other.example]", t, "hostname mismatch");
    CFRelease(t);
    CFRelease(parr);

    /* expiry, and the verify date */
    CFTypeRef echain[] = { expired, in };
    t = trust_of(echain, 2, ssl);
    anchors(t, root);
    evaluate("expired leaf", t, "expired");
    CFTypeRef when = CFDateCreate(NULL, 1276000000.0 - SINCE_1970); /* 2010-06-08 */
    SecTrustSetVerifyDate(t, when);
    CFRelease(when);
    evaluate("expired leaf at 2010-06-08", t, NULL);
    when = CFDateCreate(NULL, 946684800.0 - 86400 - SINCE_1970); /* 1999-12-31 */
    SecTrustSetVerifyDate(t, when);
    CFRelease(when);
    evaluate("expired leaf at 1999-12-31", t, "not yet valid");
    CFRelease(t);

    /* self-signed, not an anchor; then made one */
    t = trust_of(&self, 1, ssl_client);
    evaluate("self-signed", t, "self-signed certificate");
    anchors(t, self);
    evaluate("self-signed as its own anchor", t, NULL);
    CFRelease(t);

    /* the system's roots, each alone, as node evaluates them */
    CFTypeRef sys = NULL;
    int st = SecTrustSettingsCopyCertificates(2, &sys);
    long n = sys ? CFArrayGetCount(sys) : 0, bad = 0;
    printf("system roots: %s\n", !st && n > 0 ? "found" : "none");
    for (long i = 0; i < n; i++) {
        CFTypeRef c = CFArrayGetValueAtIndex(sys, i), err = NULL;
        t = trust_of(&c, 1, ssl_client);
        if (!SecTrustEvaluateWithError(t, &err) && CFErrorGetCode(err) != -67818) { /* an expired root fails */
            CFTypeRef d = CFErrorCopyDescription(err);
            char desc[512] = "";
            CFStringGetCString(d, desc, sizeof desc, UTF8);
            printf("system root %ld: %s\n", i, desc);
            CFRelease(d);
            bad++;
        }
        if (err)
            CFRelease(err);
        CFRelease(t);
    }
    printf("system roots untrusted: %ld\n", bad);
    if (n > 0) {
        CFTypeRef c = CFArrayGetValueAtIndex(sys, 0);
        CFTypeRef ssl_any = SecPolicyCreateSSL(true, NULL);
        t = trust_of(&c, 1, ssl_any);
        evaluate("first system root, SSL server", t, NULL);
        CFRelease(ssl_any);
        CFRelease(t);
        /* custom anchors only: the system's are not trusted */
        t = trust_of(&c, 1, ssl);
        anchors(t, root);
        evaluate("first system root, custom anchors only", t, NULL);
        CFRelease(t);
    }
    if (sys)
        CFRelease(sys);
    return 0;
}
