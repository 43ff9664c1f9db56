/*
 * cf_url_resource.c — CFURL resource properties of file URLs: the file and volume keys that
 * sysinfo (disk lists) and file managers ask CFURLCopyResourcePropertiesForKeys and
 * CFURLCopyResourcePropertyForKey for, answered from lstat, statvfs and statfs. A volume is
 * local unless it is NFS, SMB/CIFS, AFS or a FUSE mount; browsable unless it is one of
 * Linux's pseudo file systems (proc, sysfs, cgroup, devpts, ...); never removable or
 * ejectable (Linux does not say so cheaply): partial. Unknown keys are left out of the
 * dictionary, as CF leaves out what a resource does not have.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

#define KEY(var, text)                                                                             \
    static struct cf var##_obj = { CF_MAGIC, CF_STRING, CF_STATIC_REFS, 0,                         \
                                   { .data = { (uint8_t *)text, (long)sizeof text - 1 } } };        \
    static const void *var = &var##_obj;                                                           \
    DARWIN_EXPORT_DATA("_" #var, var);

KEY(kCFURLNameKey, "NSURLNameKey")
KEY(kCFURLIsDirectoryKey, "NSURLIsDirectoryKey")
KEY(kCFURLIsRegularFileKey, "NSURLIsRegularFileKey")
KEY(kCFURLIsSymbolicLinkKey, "NSURLIsSymbolicLinkKey")
KEY(kCFURLFileSizeKey, "NSURLFileSizeKey")
KEY(kCFURLVolumeNameKey, "NSURLVolumeNameKey")
KEY(kCFURLVolumeTotalCapacityKey, "NSURLVolumeTotalCapacityKey")
KEY(kCFURLVolumeAvailableCapacityKey, "NSURLVolumeAvailableCapacityKey")
KEY(kCFURLVolumeAvailableCapacityForImportantUsageKey, "NSURLVolumeAvailableCapacityForImportantUsageKey")
KEY(kCFURLVolumeAvailableCapacityForOpportunisticUsageKey, "NSURLVolumeAvailableCapacityForOpportunisticUsageKey")
KEY(kCFURLVolumeIsInternalKey, "NSURLVolumeIsInternalKey")
KEY(kCFURLVolumeIsRemovableKey, "NSURLVolumeIsRemovableKey")
KEY(kCFURLVolumeIsEjectableKey, "NSURLVolumeIsEjectableKey")
KEY(kCFURLVolumeIsLocalKey, "NSURLVolumeIsLocalKey")
KEY(kCFURLVolumeIsBrowsableKey, "NSURLVolumeIsBrowsableKey")
KEY(kCFURLVolumeIsReadOnlyKey, "NSURLVolumeIsReadOnlyKey")
KEY(kCFURLVolumeIsRootFileSystemKey, "NSURLVolumeIsRootFileSystemKey")

static bool remote_fs(long t)
{
    return t == 0x6969 /* NFS */ || t == 0x517B /* SMB */ || t == (long)0xFF534D42 /* CIFS */ ||
           t == 0xFE534D42 /* SMB2 */ || t == 0x5346414F /* AFS */ || t == 0x65735546 /* FUSE */;
}
static bool pseudo_fs(long t)
{
    return t == 0x9fa0 /* proc */ || t == 0x62656572 /* sysfs */ || t == 0x27e0eb /* cgroup */ ||
           t == 0x63677270 /* cgroup2 */ || t == 0x1cd1 /* devpts */ || t == 0x64626720 /* debugfs */ ||
           t == 0x73636673 /* securityfs */ || t == 0xcafe4a11 /* bpf */ || t == 0x42494e4d /* binfmt */ ||
           t == 0x74726163 /* tracefs */ || t == 0x19800202 /* mqueue */ || t == 0x958458f6 /* hugetlbfs */;
}

static struct cf *boolean(bool v) { return cf_boolean(v); }

/* The value of one key for path (a new reference), or NULL when the resource has none. */
static struct cf *property(const char *path, const struct cf *key)
{
    const char *k = (const char *)key->u.data.bytes;
    struct stat st;
    if (!strncmp(k, "NSURLVolume", 11)) {
        struct statvfs v;
        struct statfs f;
        if (statvfs(path, &v) < 0 || statfs(path, &f) < 0)
            return NULL;
        uint64_t bs = v.f_frsize ? v.f_frsize : v.f_bsize;
        if (!strcmp(k, "NSURLVolumeTotalCapacityKey"))
            return cf_number_i64((int64_t)(v.f_blocks * bs));
        if (!strcmp(k, "NSURLVolumeAvailableCapacityKey") || !strcmp(k, "NSURLVolumeAvailableCapacityForImportantUsageKey") ||
            !strcmp(k, "NSURLVolumeAvailableCapacityForOpportunisticUsageKey"))
            return cf_number_i64((int64_t)(v.f_bavail * bs));
        if (!strcmp(k, "NSURLVolumeIsLocalKey"))
            return boolean(!remote_fs((long)f.f_type));
        if (!strcmp(k, "NSURLVolumeIsInternalKey"))
            return boolean(!remote_fs((long)f.f_type));
        if (!strcmp(k, "NSURLVolumeIsRemovableKey") || !strcmp(k, "NSURLVolumeIsEjectableKey"))
            return boolean(false);
        if (!strcmp(k, "NSURLVolumeIsBrowsableKey"))
            return boolean(!pseudo_fs((long)f.f_type));
        if (!strcmp(k, "NSURLVolumeIsReadOnlyKey"))
            return boolean(v.f_flag & ST_RDONLY);
        if (!strcmp(k, "NSURLVolumeIsRootFileSystemKey")) {
            struct stat r, p;
            return boolean(stat("/", &r) == 0 && stat(path, &p) == 0 && r.st_dev == p.st_dev);
        }
        if (!strcmp(k, "NSURLVolumeNameKey")) {
            /* The name of the volume's mount point's folder ("/" for the root volume). */
            const char *s = strrchr(path, '/');
            return cf_string(s && s[1] ? s + 1 : "/");
        }
        return NULL;
    }
    if (lstat(path, &st) < 0)
        return NULL;
    if (!strcmp(k, "NSURLNameKey")) {
        const char *s = strrchr(path, '/');
        return cf_string(s && s[1] ? s + 1 : path);
    }
    if (!strcmp(k, "NSURLIsDirectoryKey"))
        return boolean(S_ISDIR(st.st_mode));
    if (!strcmp(k, "NSURLIsRegularFileKey"))
        return boolean(S_ISREG(st.st_mode));
    if (!strcmp(k, "NSURLIsSymbolicLinkKey"))
        return boolean(S_ISLNK(st.st_mode));
    if (!strcmp(k, "NSURLFileSizeKey"))
        return S_ISREG(st.st_mode) ? cf_number_i64((int64_t)st.st_size) : NULL;
    return NULL;
}

static struct cf *d_CFURLCopyResourcePropertiesForKeys(struct cf *url, struct cf *keys, struct cf **err)
{
    if (err)
        *err = NULL;
    struct stat st;
    if (!cf_is(url, CF_URL) || lstat((const char *)url->u.data.bytes, &st) < 0)
        return NULL; /* CF gives an NSCocoaErrorDomain error here; callers test for NULL */
    struct cf *d = cf_dict_new();
    for (long i = 0; d && cf_is(keys, CF_ARRAY) && i < keys->u.array.n; i++) {
        struct cf *k = keys->u.array.v[i];
        if (!cf_is(k, CF_STRING))
            continue;
        struct cf *v = property((const char *)url->u.data.bytes, k);
        if (v) {
            cf_dict_set(d, k, v);
            d_CFRelease(v);
        }
    }
    return d;
}
DARWIN_EXPORT_PARTIAL("_CFURLCopyResourcePropertiesForKeys", d_CFURLCopyResourcePropertiesForKeys);

static bool d_CFURLCopyResourcePropertyForKey(struct cf *url, struct cf *key, struct cf **value, struct cf **err)
{
    if (err)
        *err = NULL;
    if (value)
        *value = NULL;
    struct stat st;
    if (!cf_is(url, CF_URL) || !cf_is(key, CF_STRING) || !value || lstat((const char *)url->u.data.bytes, &st) < 0)
        return false;
    *value = property((const char *)url->u.data.bytes, key);
    return true; /* a key the resource has no value for: true with NULL, as CF */
}
DARWIN_EXPORT_PARTIAL("_CFURLCopyResourcePropertyForKey", d_CFURLCopyResourcePropertyForKey);
