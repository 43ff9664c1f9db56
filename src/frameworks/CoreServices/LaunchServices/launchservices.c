/*
 * launchservices.c — LaunchServices (CoreServices) as on a Mac with no application to open
 * anything with: the `open` and `webbrowser` crates ask it for the default application of a
 * URL and to open one; both fail with kLSApplicationNotFoundErr (-10814), which those crates
 * report as "no application found", not a crash. machrun cannot start macOS applications.
 */
#define _GNU_SOURCE
#include <stdint.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

#define kLSApplicationNotFoundErr (-10814)

static struct cf *not_found_error(void)
{
    struct cf *e = cf_new(CF_ERROR);
    if (e) {
        e->u.error.code = kLSApplicationNotFoundErr;
        e->u.error.domain = cf_string("NSOSStatusErrorDomain");
        e->u.error.desc = cf_string("The operation couldn\xe2\x80\x99t be completed. (OSStatus error -10814.)");
    }
    return e;
}

static struct cf *d_LSCopyDefaultApplicationURLForURL(struct cf *url, uint32_t roles, struct cf **err)
{
    (void)url;
    (void)roles;
    if (err)
        *err = not_found_error();
    return NULL;
}
DARWIN_EXPORT("_LSCopyDefaultApplicationURLForURL", d_LSCopyDefaultApplicationURLForURL);

static struct cf *d_LSCopyApplicationURLsForURL(struct cf *url, uint32_t roles)
{
    (void)url;
    (void)roles;
    return d_CFArrayCreateMutable(NULL, 0, d_kCFTypeArrayCallBacks); /* none */
}
DARWIN_EXPORT("_LSCopyApplicationURLsForURL", d_LSCopyApplicationURLsForURL);

static int32_t d_LSOpenFromURLSpec(const void *spec, struct cf **launched)
{
    (void)spec;
    if (launched)
        *launched = NULL;
    return kLSApplicationNotFoundErr;
}
DARWIN_EXPORT("_LSOpenFromURLSpec", d_LSOpenFromURLSpec);

static int32_t d_LSOpenCFURLRef(struct cf *url, struct cf **launched)
{
    (void)url;
    if (launched)
        *launched = NULL;
    return kLSApplicationNotFoundErr;
}
DARWIN_EXPORT("_LSOpenCFURLRef", d_LSOpenCFURLRef);
