/*
 * sandbox.h — the Seatbelt sandbox on Linux (src/sandbox/): SBPL profiles read by a small
 * Scheme evaluator, decided with Apple's resolution rules, and compiled to Landlock +
 * seccomp-bpf (+ a seccomp user-notification supervisor where Landlock cannot express a
 * rule exactly). See docs/sandbox.md.
 *
 * Paths inside a profile and in queries use macOS's spelling: /tmp, /etc and /var are
 * canonicalized to /private/tmp, /private/etc, /private/var (both in rules and in the
 * accessed path); the enforcement maps them back to the Linux paths.
 */
#ifndef MACHRUN_SANDBOX_H
#define MACHRUN_SANDBOX_H

#include <stddef.h>
#include <stdio.h>

struct sb_profile;   /* an evaluated profile: its rules, ready to answer and to compile */

/* Evaluate SBPL text. `name` is used in error messages and to resolve (import ...).
 * `params` is NULL or a NULL-terminated list KEY, VALUE, KEY, VALUE, ..., NULL: the
 * values (param "KEY") returns. On error returns NULL and writes one line
 * "NAME:LINE:COL: problem" into err. */
struct sb_profile *sb_profile_from_string(const char *text, size_t len, const char *name,
                                          const char *const *params, char *err, size_t errlen);
/* Read and evaluate a profile file (errors name the file, line and column). */
struct sb_profile *sb_profile_from_file(const char *path, const char *const *params,
                                        char *err, size_t errlen);
/* One of the profiles macOS ships for sandbox-exec -n / sandbox_init(SANDBOX_NAMED):
 * no-internet, no-network, no-write, no-write-except-temporary, pure-computation (the
 * kSBXProfile* names are accepted too). NULL + err if there is no such profile. */
struct sb_profile *sb_profile_named(const char *name, const char *const *params,
                                    char *err, size_t errlen);
/* The SBPL text of an embedded profile (named or importable, e.g. "bsd.sb"), or NULL. */
const char *sb_embedded_profile(const char *name);
void sb_profile_free(struct sb_profile *p);

/* vnode types for queries and (vnode-type ...) */
enum sb_vnode { SB_VNODE_ANY = 0, SB_VNODE_REGULAR, SB_VNODE_DIRECTORY, SB_VNODE_SYMLINK,
                SB_VNODE_FIFO, SB_VNODE_SOCKET, SB_VNODE_CHAR, SB_VNODE_BLOCK, SB_VNODE_TTY };

/* One access to decide. Unused fields are 0/NULL. */
struct sb_query {
    const char *operation;   /* SBPL name: "file-read-data", "network-outbound", "signal"... */
    const char *path;        /* file operations, unix sockets (macOS or Linux spelling) */
    int vnode;               /* enum sb_vnode; SB_VNODE_ANY: look it up with lstat when needed */
    int local;               /* network: 1 if the address is the local one (bind), 0 remote */
    const char *host;        /* network: "localhost" or a numeric address; NULL = unknown */
    int port;                /* network: port, -1 unknown */
    int proto;               /* network: 0 any/ip, 1 tcp, 2 udp */
    const char *name;        /* sysctl-name, global-name (mach-lookup), ipc-posix-name... */
    int target;              /* signal: 0 self, 1 others, 2 children */
};

enum sb_action { SB_DENY = 0, SB_ALLOW = 1 };
#define SB_FLAG_REPORT      1   /* the deciding rule asked (with report) */
#define SB_FLAG_NO_REPORT   2   /* (with no-report) / (with no-log) */
#define SB_FLAG_SEND_SIGNAL 4   /* (with send-signal SIG): *signal_out gets the signal */

/* Decide a query with Apple's rules. Returns SB_ALLOW or SB_DENY, -1 if the operation is
 * unknown. flags_out (may be NULL) gets SB_FLAG_*; signal_out (may be NULL) the signal. */
int sb_check(const struct sb_profile *p, const struct sb_query *q, int *flags_out, int *signal_out);

/* Whether a name is a known SBPL operation. */
int sb_operation_known(const char *name);

/* Landlock ABI of the running kernel (0 when Landlock is unavailable). */
int sb_landlock_abi(void);

/* How the profile would be enforced: one line per rule — exact, supervisor, cooperative
 * (checked in-process by machrun's libSystem: binds only a cooperative program) or
 * approximated (with why). Returns the number of approximated rules. */
int sb_explain(const struct sb_profile *p, FILE *out);

#define SB_APPLY_STRICT      1   /* refuse (EPERM, message) if any rule is approximated */
#define SB_APPLY_LOG         2   /* log each denial the supervisor sees to stderr */
#define SB_APPLY_NO_SUPERVISOR 4 /* never start a supervisor (rules that need one are
                                    then approximated, and refused under STRICT) */
#define SB_APPLY_EXEC_SELF   8   /* also allow executing/reading machrun itself (/proc/self/exe),
                                    for sandbox-exec of a Mach-O command */
/* Lock the calling process (and everything it execs or forks) down to the profile:
 * no_new_privs, Landlock, seccomp, and — if the profile needs it — a supervisor process
 * (forked before lock-down, outside the sandbox) answering seccomp user notifications.
 * Must be called while the process has a single thread. Returns 0, or -1 with a
 * one-line reason in err. Irreversible. */
int sb_apply(const struct sb_profile *p, unsigned flags, char *err, size_t errlen);

/* The process-wide profile installed by sb_apply (NULL before): what libSystem's
 * sandbox_check answers from. */
const struct sb_profile *sb_current_profile(void);

/*
 * App Sandbox. The exec stage calls this before the program's main with the program's
 * entitlements (the XML plist of its code signature; NULL/len 0 if none) and its
 * identifier (bundle id or the signing identifier). If com.apple.security.app-sandbox is
 * not true, returns 0 and does nothing. Otherwise it builds a profile from the
 * entitlements, creates $XDG_DATA_HOME/machrun/Containers/<ID>/Data (default
 * ~/.local/share/...), sets HOME (and CFFIXED_USER_HOME, TMPDIR) there as macOS does, and
 * applies the profile with sb_apply(flags). Returns 1 when sandboxed, -1 with a one-line
 * reason in err on failure (the caller must then not run the program).
 */
int sb_app_sandbox_apply(const char *entitlements_xml, size_t len, const char *identifier,
                         unsigned flags, char *err, size_t errlen);
/* The SBPL text the App Sandbox would apply (malloc'ed), or NULL + err. For tests and
 * --explain. container_out (may be NULL) receives the malloc'ed container path. */
char *sb_app_sandbox_profile(const char *entitlements_xml, size_t len, const char *identifier,
                             char **container_out, char *err, size_t errlen);

#endif
