/*
 * unit_sbpl.c — unit tests of the SBPL evaluator and Apple's decision rules
 * (src/sandbox/scheme.c, sbpl.c, profiles.c). Usage: unit_sbpl [FIXTURE-DIR]
 * With a folder, also evaluates every fixture profile listed below from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machrun/sandbox.h"

static int failures, checks;
#define CHECK(cond, ...) do { checks++; if (!(cond)) { failures++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static struct sb_profile *load(const char *text, const char *const *params)
{
    char err[512];
    struct sb_profile *p = sb_profile_from_string(text, strlen(text), "t.sb", params, err, sizeof err);
    if (!p) { failures++; fprintf(stderr, "FAIL: unexpected error: %s\n  in: %s\n", err, text); }
    return p;
}
static void expect_error(const char *text, const char *want)
{
    char err[512] = "";
    struct sb_profile *p = sb_profile_from_string(text, strlen(text), "bad.sb", NULL, err, sizeof err);
    checks++;
    if (p) { failures++; fprintf(stderr, "FAIL: accepted bad profile: %s\n", text); sb_profile_free(p); return; }
    if (!strstr(err, want)) { failures++; fprintf(stderr, "FAIL: error \"%s\" lacks \"%s\"\n", err, want); }
}
static int fq(const struct sb_profile *p, const char *op, const char *path)
{
    struct sb_query q = { .operation = op, .path = path };
    return sb_check(p, &q, NULL, NULL);
}
#define A(p, op, path) CHECK(fq(p, op, path) == SB_ALLOW, "%s %s should be allowed", op, (const char *)(path) ? (const char *)(path) : "-")
#define D(p, op, path) CHECK(fq(p, op, path) == SB_DENY, "%s %s should be denied", op, (const char *)(path) ? (const char *)(path) : "-")

static void test_scheme(void)
{
    /* the Scheme itself: define, lambda, let, named let, cond, assoc, set!, string ops */
    struct sb_profile *p = load(
        "(version 1)\n"
        "(define (join a b) (string-append a \"/\" b))\n"
        "(define base \"/opt\")\n"
        "(define dirs '((\"app\" . \"a\") (\"data\" . \"d\")))\n"
        "(set! base (string-append base \"/x\"))\n"
        "(define n (string->number \"42\"))\n"
        "(define m #o755)\n"
        "(define (count-to k) (let loop ((i 0) (acc '())) (if (= i k) acc (loop (+ i 1) (cons i acc)))))\n"
        "(deny default)\n"
        "(if (and (= n 42) (= m 493) (= (length (count-to 5)) 5) (equal? (substring \"hello\" 1 3) \"el\"))\n"
        "    (allow file-read* (literal (join base (cdr (assoc \"data\" dirs))))))\n"
        "(cond ((defined? 'nothing-here) (allow file*)) (else (allow file-write* (subpath (join base \"w\")))))\n"
        "(let* ((a \"/q\") (b (string-append a \"/r\"))) (allow process-exec (literal b)))\n"
        "(when (not (param \"UNSET\")) (allow file-read-metadata (literal \"/param-unset\")))\n"
        "(allow file-read-data (regex (string-append \"^\" (regex-quote \"/a.b\") \"$\")))\n"
        "(allow file-read-data (regex #\"^/re/[0-9]+\\.txt$\"))\n"
        "#| block comment (allow default) |#\n"
        "(map (lambda (d) (allow file-ioctl (literal (string-append \"/dev/\" d)))) '(\"tty\" \"null\"))\n",
        NULL);
    if (!p) return;
    A(p, "file-read-data", "/opt/x/d");
    D(p, "file-read-data", "/opt/x/a");
    A(p, "file-write-create", "/opt/x/w/new");
    D(p, "file-write-create", "/opt/x/wz");
    A(p, "process-exec", "/q/r");
    A(p, "file-read-metadata", "/param-unset");
    A(p, "file-read-data", "/a.b");
    D(p, "file-read-data", "/aXb");
    A(p, "file-read-data", "/re/123.txt");
    D(p, "file-read-data", "/re/12a.txt");
    A(p, "file-ioctl", "/dev/tty");
    D(p, "file-ioctl", "/dev/sda");
    sb_profile_free(p);
}

static void test_resolution(void)
{
    /* later filtered rule wins; unfiltered rule is the fallback wherever it is */
    struct sb_profile *p = load(
        "(version 1)\n"
        "(allow file-read* (subpath \"/home\"))\n"
        "(deny file-read* (subpath \"/home/secret\"))\n"
        "(allow file-read* (literal \"/home/secret/ok\"))\n"
        "(deny default)\n"       /* position does not matter for unfiltered rules */
        "(allow file-write*)\n"
        "(deny file-write-unlink (subpath \"/keep\"))\n"
        "(deny file-read-data (literal \"/home/meta-only\"))\n", NULL);
    if (!p) return;
    A(p, "file-read-data", "/home/a");
    D(p, "file-read-data", "/home/secret/x");
    A(p, "file-read-data", "/home/secret/ok");
    D(p, "file-read-data", "/etc/passwd");
    A(p, "file-write-data", "/anything");
    D(p, "file-write-unlink", "/keep/x");
    A(p, "file-write-unlink", "/other");
    D(p, "file-read-data", "/home/meta-only");
    A(p, "file-read-metadata", "/home/meta-only");   /* the specific op falls back to its parent */
    D(p, "network-outbound", NULL);
    sb_profile_free(p);

    /* a specific operation is looked up before its parent */
    p = load("(version 1)(deny default)(allow file-read-data (subpath \"/d\"))(deny file-read* (subpath \"/d\"))", NULL);
    if (p) {
        A(p, "file-read-data", "/d/x");
        D(p, "file-read-metadata", "/d/x");
        sb_profile_free(p);
    }
    /* the last unfiltered rule for an operation is its fallback */
    p = load("(version 1)(allow default)(deny file-write*)(allow file-write*)(deny network*)", NULL);
    if (p) {
        A(p, "file-write-data", "/x");
        D(p, "network-bind", NULL);
        sb_profile_free(p);
    }
    /* process-info* and priv* default to allow; a process may always signal itself */
    p = load("(version 1)(deny default)", NULL);
    if (p) {
        A(p, "process-info-pidinfo", NULL);
        A(p, "priv*", NULL);
        struct sb_query q = { .operation = "signal", .target = 0 };
        CHECK(sb_check(p, &q, NULL, NULL) == SB_ALLOW, "signal self");
        q.target = 1;
        CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "signal others");
        D(p, "file-read-data", "/");
        CHECK(fq(p, "no-such-op", NULL) == -1, "unknown operation");
        sb_profile_free(p);
    }
    /* /tmp, /etc, /var are /private/...: both sides canonicalized */
    p = load("(version 1)(deny default)(allow file-read* (subpath \"/tmp/x\"))(allow file-write* (literal \"/private/etc/y\"))", NULL);
    if (p) {
        A(p, "file-read-data", "/tmp/x/1");
        A(p, "file-read-data", "/private/tmp/x/1");
        A(p, "file-write-data", "/etc/y");
        A(p, "file-write-data", "/etc/./z/../y");
        D(p, "file-read-data", "/tmp/xy");
        sb_profile_free(p);
    }
    /* require-all / require-not / vnode-type, prefix and aliases */
    p = load("(version 1)(deny default)\n"
             "(allow file-read* (require-all (subpath \"/r\") (require-not (literal \"/r/no\"))))\n"
             "(allow file-write* (path-prefix \"/pre\"))\n"
             "(allow file-read* (vnode-type DIRECTORY))\n"
             "(allow file-write-data (require-all (path \"/dev/null\") (vnode-type CHARACTER-DEVICE)))", NULL);
    if (p) {
        A(p, "file-read-data", "/r/yes");
        D(p, "file-read-data", "/r/no");
        A(p, "file-write-data", "/prefix-anything");
        A(p, "file-read-data", "/usr");          /* an existing directory */
        A(p, "file-write-data", "/dev/null");
        sb_profile_free(p);
    }
    /* network filters, signal targets, names, modifiers */
    p = load("(version 1)(deny default)\n"
             "(allow network-outbound (remote ip \"localhost:8080\"))\n"
             "(allow network-bind (local tcp \"*:9000\"))\n"
             "(allow network-outbound (remote unix-socket (path-literal \"/var/run/s\")))\n"
             "(allow sysctl-read (sysctl-name-prefix \"kern.\"))\n"
             "(allow mach-lookup (global-name \"com.apple.x\"))\n"
             "(deny file-write* (with send-signal SIGKILL) (literal \"/kill\"))\n"
             "(deny file-read* (with report) (literal \"/rep\"))\n"
             "(allow signal (target children))", NULL);
    if (p) {
        struct sb_query q = { .operation = "network-outbound", .host = "127.0.0.1", .port = 8080, .proto = 1 };
        CHECK(sb_check(p, &q, NULL, NULL) == SB_ALLOW, "connect localhost:8080");
        q.port = 8081;
        CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "connect localhost:8081");
        q.host = "10.0.0.1"; q.port = 8080;
        CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "connect 10.0.0.1:8080");
        struct sb_query b = { .operation = "network-bind", .local = 1, .host = "0.0.0.0", .port = 9000, .proto = 1 };
        CHECK(sb_check(p, &b, NULL, NULL) == SB_ALLOW, "bind 9000");
        b.proto = 2;
        CHECK(sb_check(p, &b, NULL, NULL) == SB_DENY, "udp bind 9000");
        struct sb_query u = { .operation = "network-outbound", .path = "/private/var/run/s" };
        CHECK(sb_check(p, &u, NULL, NULL) == SB_ALLOW, "unix socket");
        struct sb_query s = { .operation = "sysctl-read", .name = "kern.ostype" };
        CHECK(sb_check(p, &s, NULL, NULL) == SB_ALLOW, "sysctl kern.");
        s.name = "hw.ncpu";
        CHECK(sb_check(p, &s, NULL, NULL) == SB_DENY, "sysctl hw.");
        struct sb_query m = { .operation = "mach-lookup", .name = "com.apple.x" };
        CHECK(sb_check(p, &m, NULL, NULL) == SB_ALLOW, "mach-lookup");
        int flags = 0, sig = 0;
        struct sb_query k = { .operation = "file-write-data", .path = "/kill" };
        CHECK(sb_check(p, &k, &flags, &sig) == SB_DENY && (flags & SB_FLAG_SEND_SIGNAL) && sig == 9, "send-signal");
        struct sb_query r = { .operation = "file-read-data", .path = "/rep" };
        CHECK(sb_check(p, &r, &flags, NULL) == SB_DENY && (flags & SB_FLAG_REPORT), "report");
        struct sb_query sg = { .operation = "signal", .target = 2 };
        CHECK(sb_check(p, &sg, NULL, NULL) == SB_ALLOW, "signal children");
        sg.target = 1;
        CHECK(sb_check(p, &sg, NULL, NULL) == SB_DENY, "signal others");
        sb_profile_free(p);
    }
    /* params */
    const char *params[] = { "HOME", "/home/u", NULL };
    p = load("(version 1)(deny default)(allow file-read* (subpath (param \"HOME\")))", params);
    if (p) { A(p, "file-read-data", "/home/u/f"); D(p, "file-read-data", "/home/v"); sb_profile_free(p); }
}

static void test_errors(void)
{
    expect_error("(allow default)", "before (version 1)");
    expect_error(";; nothing\n", "bad.sb:1:1: missing (version 1)");
    expect_error("(version 2)", "bad.sb:1:1: unsupported profile version");
    expect_error("(version 1)\n(allow file-read*\n", "bad.sb:2:1: unbalanced parenthesis");
    expect_error("(version 1)\n  (allow file-reed* (literal \"/x\"))", "bad.sb:2:3: unbound variable: file-reed*");
    expect_error("(version 1)\n(allow file-read* (literal \"relative\"))", "bad.sb:2:19: literal: path must be absolute");
    expect_error("(version 1)\n(allow file-read* (regex #\"[unclosed\"))", "bad.sb:2:19: regex: bad regular expression");
    expect_error("(version 1)\n(allow file-read* (literal (param \"NOPE\")))", "literal: expected a string, got boolean");
    expect_error("(version 1)\n(define (f) (f))\n(f)", "bad.sb:2:13: evaluation takes too long");
    expect_error("(version 1)\n(define (f x) (+ 1 (f x)))\n(f 1)", "nested too deeply");
    expect_error("(version 1)\n(allow \"file-read*\")", "allow: expected an operation, filter or modifier, got string");
    expect_error("(version 1)\n(import \"does-not-exist.sb\")", "bad.sb:2:1: import: cannot find profile");
    expect_error("(version 1)\n(allow network-outbound (remote ip \"example.com:80\"))", "host must be");
    expect_error("(version 1) \"unterminated", "bad.sb:1:13: unterminated string");
    expect_error("(version 1))", "bad.sb:1:12: unexpected ')'");
    expect_error("(version 1)(allow file-read* (with frobnicate))", "with: unknown modifier frobnicate");
    expect_error("(version 1)(car '())", "car: expected a pair");
}

static void test_named(void)
{
    const char *names[] = { "no-internet", "no-network", "no-write", "no-write-except-temporary", "pure-computation", "kSBXProfileNoWrite" };
    char err[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct sb_profile *p = sb_profile_named(names[i], NULL, err, sizeof err);
        CHECK(p != NULL, "named profile %s: %s", names[i], err);
        if (!p) continue;
        if (!strcmp(names[i], "no-write") || !strcmp(names[i], "kSBXProfileNoWrite")) {
            D(p, "file-write-create", "/tmp/x");
            A(p, "file-read-data", "/etc/passwd");
            A(p, "file-write-data", "/dev/null");
        }
        if (!strcmp(names[i], "no-write-except-temporary")) {
            A(p, "file-write-create", "/tmp/x");
            A(p, "file-write-create", "/var/tmp/x");
            D(p, "file-write-create", "/home/x");
        }
        if (!strcmp(names[i], "no-network")) { D(p, "network-outbound", NULL); A(p, "file-write-data", "/x"); }
        if (!strcmp(names[i], "no-internet")) {
            struct sb_query q = { .operation = "network-outbound", .host = "1.2.3.4", .port = 80, .proto = 1 };
            CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "no-internet tcp");
            struct sb_query u = { .operation = "network-outbound", .path = "/tmp/sock" };
            CHECK(sb_check(p, &u, NULL, NULL) == SB_ALLOW, "no-internet unix");
        }
        if (!strcmp(names[i], "pure-computation")) { D(p, "file-read-data", "/etc/passwd"); D(p, "process-fork", NULL); }
        sb_profile_free(p);
    }
    CHECK(sb_profile_named("no-such", NULL, err, sizeof err) == NULL && strstr(err, "no such named profile"), "unknown name");
    /* importing the system profiles */
    struct sb_profile *p = load("(version 1)(deny default)(import \"system.sb\")", NULL);
    if (p) { A(p, "file-read-data", "/usr/lib/libc.so"); D(p, "file-write-data", "/usr/lib/libc.so"); sb_profile_free(p); }
}

static void test_fixtures(const char *dir)
{
    static const char *const files[] = { "nix-style.sb", "homebrew-style.sb", "bazel-style.sb",
                                         "chromium-style.sb", "openssh-style.sb" };
    const char *params[] = { "_GLOBAL_TMP_DIR", "/private/tmp", "TMPDIR", "/private/tmp/u",
                             "HOME", "/Users/me", "BUILD_DIR", "/Users/me/build",
                             "USER_HOMEBREW_TEMP", "/private/tmp", "HOMEBREW_PREFIX", "/usr/local",
                             "WORKSPACE", "/Users/me/ws", "EXECROOT", "/Users/me/ws/exec",
                             "PARENT_PID", "1", "OS_VERSION", "12", NULL };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024], err[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        struct sb_profile *p = sb_profile_from_file(path, params, err, sizeof err);
        CHECK(p != NULL, "fixture %s: %s", files[i], err);
        if (!p) continue;
        if (strstr(files[i], "nix")) {
            A(p, "file-read-data", "/nix/store/abc-foo/bin/sh");
            D(p, "file-write-data", "/nix/store/abc-foo/bin/sh");
            A(p, "file-write-create", "/private/tmp/nix-build-1/out");
            D(p, "file-read-data", "/Users/me/.ssh/id_rsa");
        } else if (strstr(files[i], "homebrew")) {
            A(p, "file-write-create", "/usr/local/Cellar/foo/1.0/bin/foo");
            D(p, "file-write-create", "/usr/local/bin/evil");
            A(p, "file-read-data", "/Users/me/.ssh/id_rsa");   /* homebrew only confines writes */
            D(p, "file-write-data", "/Users/me/.bashrc");
            A(p, "file-write-data", "/dev/null");
        } else if (strstr(files[i], "bazel")) {
            A(p, "file-write-create", "/Users/me/ws/exec/bazel-out/x.o");
            D(p, "file-write-create", "/Users/me/ws/src/x.c");
            struct sb_query q = { .operation = "network-outbound", .host = "8.8.8.8", .port = 53, .proto = 2 };
            CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "bazel no network");
        } else if (strstr(files[i], "chromium")) {
            A(p, "file-read-data", "/System/Library/Fonts/x.ttf");
            D(p, "file-read-data", "/Users/me/Documents/a");
            struct sb_query s = { .operation = "sysctl-read", .name = "hw.ncpu" };
            CHECK(sb_check(p, &s, NULL, NULL) == SB_ALLOW, "chromium sysctl hw.ncpu");
            s.name = "kern.secret";
            CHECK(sb_check(p, &s, NULL, NULL) == SB_DENY, "chromium sysctl kern.secret");
            struct sb_query m = { .operation = "mach-lookup", .name = "com.apple.FontServer" };
            CHECK(sb_check(p, &m, NULL, NULL) == SB_ALLOW, "chromium font server");
        } else if (strstr(files[i], "openssh")) {
            D(p, "file-read-data", "/etc/passwd");
            D(p, "process-fork", NULL);
            struct sb_query q = { .operation = "network-outbound", .host = "1.2.3.4", .port = 22, .proto = 1 };
            CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "openssh no network");
        }
        sb_profile_free(p);
    }
    /* an error inside an imported file names that file */
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/imports-bad.sb", dir);
    CHECK(sb_profile_from_file(path, NULL, err, sizeof err) == NULL && strstr(err, "bad-include.sb:3:"),
          "error in imported file: %s", err);
}

int main(int argc, char **argv)
{
    test_scheme();
    test_resolution();
    test_errors();
    test_named();
    if (argc > 1) test_fixtures(argv[1]);
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
