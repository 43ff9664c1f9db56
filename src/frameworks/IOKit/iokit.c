/*
 * iokit.c — IOKit's registry as seen from a machine with no IOKit devices. Crates such as
 * sysinfo look up IOPlatformExpertDevice, AppleSMC, IOMedia or battery services and
 * enumerate what matches; machrun has no I/O Registry, so every lookup matches nothing:
 * matching dictionaries are real CFDictionaries, IOServiceGetMatchingServices succeeds with an
 * iterator that yields no object, IOServiceGetMatchingService and IORegistryEntryFromPath
 * return IO_OBJECT_NULL, and the calls that take a registry entry or a connection (which no
 * caller can have obtained) fail with MACH_SEND_INVALID_DEST, as a call on a dead port does.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"

#define kIOReturnBadArgument ((int)0xe00002c2)

/* kIOMasterPortDefault / kIOMainPortDefault: MACH_PORT_NULL, as on macOS. */
static const uint32_t d_kIOMasterPortDefault = 0;
DARWIN_EXPORT_DATA("_kIOMasterPortDefault", d_kIOMasterPortDefault);
DARWIN_EXPORT_DATA("_kIOMainPortDefault", d_kIOMasterPortDefault);

static int d_IOMasterPort(uint32_t bootstrap, uint32_t *port)
{
    (void)bootstrap;
    if (port)
        *port = 0;
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_IOMasterPort", d_IOMasterPort);
DARWIN_EXPORT("_IOMainPort", d_IOMasterPort);

static struct cf *matching(const char *key, const char *value)
{
    if (!value)
        return NULL;
    struct cf *d = cf_dict_new(), *k = cf_string(key), *v = cf_string(value);
    cf_dict_set(d, k, v);
    d_CFRelease(k);
    d_CFRelease(v);
    return d;
}

static struct cf *d_IOServiceMatching(const char *name) { return matching("IOProviderClass", name); }
static struct cf *d_IOServiceNameMatching(const char *name) { return matching("IONameMatch", name); }
static struct cf *d_IOBSDNameMatching(uint32_t port, uint32_t options, const char *name)
{
    (void)port;
    (void)options;
    return matching("BSD Name", name);
}
DARWIN_EXPORT("_IOServiceMatching", d_IOServiceMatching);
DARWIN_EXPORT("_IOServiceNameMatching", d_IOServiceNameMatching);
DARWIN_EXPORT("_IOBSDNameMatching", d_IOBSDNameMatching);

/* Iterators are names that yield nothing; they only need to be told apart from NULL. */
static uint32_t next_iter = 0x3003;

static int d_IOServiceGetMatchingServices(uint32_t port, struct cf *match, uint32_t *iter)
{
    (void)port;
    d_CFRelease(match); /* consumed, as on macOS */
    if (!iter)
        return kIOReturnBadArgument;
    *iter = __atomic_add_fetch(&next_iter, 0x100, __ATOMIC_RELAXED);
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_IOServiceGetMatchingServices", d_IOServiceGetMatchingServices);

static uint32_t d_IOServiceGetMatchingService(uint32_t port, struct cf *match)
{
    (void)port;
    d_CFRelease(match);
    return 0;
}
DARWIN_EXPORT("_IOServiceGetMatchingService", d_IOServiceGetMatchingService);

static uint32_t d_IOIteratorNext(uint32_t iter) { (void)iter; return 0; }
static bool d_IOIteratorIsValid(uint32_t iter) { return iter != 0; }
static void d_IOIteratorReset(uint32_t iter) { (void)iter; }
DARWIN_EXPORT("_IOIteratorNext", d_IOIteratorNext);
DARWIN_EXPORT("_IOIteratorIsValid", d_IOIteratorIsValid);
DARWIN_EXPORT("_IOIteratorReset", d_IOIteratorReset);

static int d_IOObjectRelease(uint32_t o) { (void)o; return KERN_SUCCESS; }
static int d_IOObjectRetain(uint32_t o) { (void)o; return KERN_SUCCESS; }
DARWIN_EXPORT("_IOObjectRelease", d_IOObjectRelease);
DARWIN_EXPORT("_IOObjectRetain", d_IOObjectRetain);

static uint32_t d_IORegistryEntryFromPath(uint32_t port, const char *path)
{
    (void)port;
    (void)path;
    return 0;
}
DARWIN_EXPORT("_IORegistryEntryFromPath", d_IORegistryEntryFromPath);

/* Calls on an entry or a connection: there are none to call on. */
static void *d_IORegistryEntryCreateCFProperty(uint32_t entry, struct cf *key, const void *alloc, uint32_t options)
{
    (void)entry;
    (void)key;
    (void)alloc;
    (void)options;
    return NULL;
}
DARWIN_EXPORT("_IORegistryEntryCreateCFProperty", d_IORegistryEntryCreateCFProperty);

static void *d_IORegistryEntrySearchCFProperty(uint32_t entry, const char *plane, struct cf *key, const void *alloc,
                                               uint32_t options)
{
    (void)entry;
    (void)plane;
    (void)key;
    (void)alloc;
    (void)options;
    return NULL;
}
DARWIN_EXPORT("_IORegistryEntrySearchCFProperty", d_IORegistryEntrySearchCFProperty);

static int d_IORegistryEntryCreateCFProperties(uint32_t entry, struct cf **props, const void *alloc, uint32_t options)
{
    (void)entry;
    (void)alloc;
    (void)options;
    if (props)
        *props = NULL;
    return MACH_SEND_INVALID_DEST;
}
DARWIN_EXPORT("_IORegistryEntryCreateCFProperties", d_IORegistryEntryCreateCFProperties);

static int d_IORegistryEntryGetName(uint32_t entry, char *name)
{
    (void)entry;
    if (name)
        name[0] = 0;
    return MACH_SEND_INVALID_DEST;
}
DARWIN_EXPORT("_IORegistryEntryGetName", d_IORegistryEntryGetName);

static int d_IORegistryEntryGetParentEntry(uint32_t entry, const char *plane, uint32_t *parent)
{
    (void)entry;
    (void)plane;
    if (parent)
        *parent = 0;
    return MACH_SEND_INVALID_DEST;
}
DARWIN_EXPORT("_IORegistryEntryGetParentEntry", d_IORegistryEntryGetParentEntry);

static int d_IOServiceOpen(uint32_t service, uint32_t task, uint32_t type, uint32_t *connect)
{
    (void)service;
    (void)task;
    (void)type;
    if (connect)
        *connect = 0;
    return MACH_SEND_INVALID_DEST;
}
static int d_IOServiceClose(uint32_t connect) { (void)connect; return MACH_SEND_INVALID_DEST; }
static int d_IOConnectCallStructMethod(uint32_t connect, uint32_t selector, const void *in, size_t insize, void *out,
                                       size_t *outsize)
{
    (void)connect;
    (void)selector;
    (void)in;
    (void)insize;
    (void)out;
    if (outsize)
        *outsize = 0;
    return MACH_SEND_INVALID_DEST;
}
DARWIN_EXPORT("_IOServiceOpen", d_IOServiceOpen);
DARWIN_EXPORT("_IOServiceClose", d_IOServiceClose);
DARWIN_EXPORT("_IOConnectCallStructMethod", d_IOConnectCallStructMethod);
