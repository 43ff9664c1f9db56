/*
 * profiles.c — owns the SBPL profiles built into machrun: the named profiles macOS ships
 * for sandbox-exec -n and sandbox_init(SANDBOX_NAMED) (no-internet, no-network, no-write,
 * no-write-except-temporary, pure-computation), and the importable bsd.sb / system.sb.
 * Each is SBPL text, written from what the macOS profile does (sandbox_init(3)):
 *   kSBXProfileNoInternet        TCP/IP networking is prohibited
 *   kSBXProfileNoNetwork         all sockets-based networking is prohibited
 *   kSBXProfileNoWrite           file system writes are prohibited
 *   kSBXProfileNoWriteExceptTemporary  writes only to /var/tmp and the user temp folder
 *   kSBXProfilePureComputation   all operating system services are prohibited
 * Text only: sbpl.c evaluates them (sb_profile_named, and import).
 */
#include <stdlib.h>
#include <string.h>
#include "sb_private.h"

static const char no_internet_sb[] =
    ";; no-internet: TCP/IP networking is prohibited; everything else is allowed.\n"
    "(version 1)\n"
    "(allow default)\n"
    "(deny network* (remote ip \"*:*\") (local ip \"*:*\"))\n";

static const char no_network_sb[] =
    ";; no-network: all sockets-based networking is prohibited.\n"
    "(version 1)\n"
    "(allow default)\n"
    "(deny network*)\n"
    "(deny system-socket)\n";

static const char no_write_sb[] =
    ";; no-write: file system writes are prohibited.\n"
    "(version 1)\n"
    "(allow default)\n"
    "(deny file-write*)\n"
    ";; writing to the null device and to the terminal is not writing to the file system\n"
    "(allow file-write-data (literal \"/dev/null\") (literal \"/dev/zero\") (literal \"/dev/tty\"))\n";

static const char no_write_except_temporary_sb[] =
    ";; no-write-except-temporary: writes are allowed only in /private/tmp, /private/var/tmp\n"
    ";; and the user's temporary folder (the _TMPDIR parameter, from $TMPDIR).\n"
    "(version 1)\n"
    "(allow default)\n"
    "(deny file-write*)\n"
    "(allow file-write* (subpath \"/private/tmp\") (subpath \"/private/var/tmp\"))\n"
    "(allow file-write-data (literal \"/dev/null\") (literal \"/dev/zero\") (literal \"/dev/tty\"))\n"
    "(let ((tmp (param \"_TMPDIR\")))\n"
    "  (if (and tmp (> (string-length tmp) 1) (string-prefix? \"/\" tmp))\n"
    "      (allow file-write* (subpath tmp))))\n";

static const char pure_computation_sb[] =
    ";; pure-computation: all operating system services are prohibited. The program can\n"
    ";; compute, use memory it already has, signal itself and write to descriptors it\n"
    ";; already holds (descriptors are not re-checked), nothing else.\n"
    "(version 1)\n"
    "(deny default)\n"
    "(allow signal (target self))\n"
    "(allow sysctl-read (sysctl-name \"hw.pagesize\") (sysctl-name \"hw.ncpu\")\n"
    "                   (sysctl-name \"kern.osrelease\") (sysctl-name \"kern.ostype\"))\n";

/* bsd.sb and system.sb: what programs need to start and run as ordinary command-line
 * tools (read the system's libraries and configuration, the standard devices), for
 * profiles that (import "bsd.sb") or (import "system.sb") after (deny default). */
static const char bsd_sb[] =
    ";; bsd.sb (machrun): the basics every BSD program needs.\n"
    "(version 1)\n"
    "(allow process-info* (target self))\n"
    "(allow signal (target self))\n"
    "(allow sysctl-read)\n"
    "(allow file-read-metadata)\n"
    "(allow file-read*\n"
    "  (subpath \"/usr/lib\") (subpath \"/usr/share\") (subpath \"/System\")\n"
    "  (subpath \"/lib\") (subpath \"/lib64\") (subpath \"/usr/lib64\")\n"
    "  (literal \"/private/etc/ld.so.cache\") (literal \"/private/etc/localtime\")\n"
    "  (literal \"/private/etc/passwd\") (literal \"/private/etc/group\")\n"
    "  (literal \"/private/etc/nsswitch.conf\") (subpath \"/usr/share/zoneinfo\")\n"
    "  (literal \"/dev/null\") (literal \"/dev/zero\") (literal \"/dev/random\") (literal \"/dev/urandom\"))\n"
    "(allow file-write-data (literal \"/dev/null\") (literal \"/dev/zero\"))\n"
    "(allow file-read* file-write-data file-ioctl (literal \"/dev/tty\"))\n"
    "(allow mach-lookup (global-name \"com.apple.system.logger\") (global-name \"com.apple.system.notification_center\"))\n"
    "(allow ipc-posix-shm-read-data (ipc-posix-name \"apple.shm.notification_center\"))\n";

static const char system_sb[] =
    ";; system.sb (machrun): bsd.sb plus the frameworks' folders.\n"
    "(version 1)\n"
    "(import \"bsd.sb\")\n"
    "(allow file-read* (subpath \"/Library/Frameworks\") (subpath \"/System/Library\")\n"
    "                  (subpath \"/usr/local/lib\"))\n"
    "(allow mach-lookup (global-name \"com.apple.CoreServices.coreservicesd\")\n"
    "                   (global-name \"com.apple.cfprefsd.daemon\") (global-name \"com.apple.cfprefsd.agent\"))\n"
    "(allow user-preference-read)\n";

static const struct { const char *name; const char *text; } embedded[] = {
    { "no-internet", no_internet_sb },
    { "no-network", no_network_sb },
    { "no-write", no_write_sb },
    { "no-write-except-temporary", no_write_except_temporary_sb },
    { "pure-computation", pure_computation_sb },
    { "bsd.sb", bsd_sb },
    { "system.sb", system_sb },
};

/* sandbox.h spells the named profiles as the kSBXProfile* strings too. */
static const struct { const char *k, *name; } kname[] = {
    { "kSBXProfileNoInternet", "no-internet" }, { "kSBXProfileNoNetwork", "no-network" },
    { "kSBXProfileNoWrite", "no-write" }, { "kSBXProfileNoWriteExceptTemporary", "no-write-except-temporary" },
    { "kSBXProfilePureComputation", "pure-computation" },
};

const char *sb_embedded_profile(const char *name)
{
    for (size_t i = 0; i < sizeof kname / sizeof kname[0]; i++)
        if (!strcmp(kname[i].k, name)) name = kname[i].name;
    for (size_t i = 0; i < sizeof embedded / sizeof embedded[0]; i++)
        if (!strcmp(embedded[i].name, name)) return embedded[i].text;
    /* "bsd" for "bsd.sb", "no-write.sb" for "no-write" */
    size_t l = strlen(name);
    for (size_t i = 0; i < sizeof embedded / sizeof embedded[0]; i++) {
        const char *e = embedded[i].name;
        size_t el = strlen(e);
        if (l + 3 == el && !strncmp(e, name, l) && !strcmp(e + l, ".sb")) return embedded[i].text;
        if (el + 3 == l && !strncmp(e, name, el) && !strcmp(name + el, ".sb")) return embedded[i].text;
    }
    return NULL;
}
