/*
 * unit_app.c — App Sandbox: a profile built from entitlements decides as the entitlements
 * say; sb_app_sandbox_apply creates the container, moves HOME there and confines a child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "machrun/sandbox.h"

static int failures;
#define CHECK(c, ...) do { if (!(c)) { failures++; fprintf(stderr, "FAIL %d: ", __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static const char ents[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>\n"
    "<key>com.apple.security.app-sandbox</key><true/>\n"
    "<key>com.apple.security.network.client</key><true/>\n"
    "<key>com.apple.security.temporary-exception.files.absolute-path.read-only</key>\n"
    "<array><string>/opt/shared/</string><string>/etc/one.conf</string></array>\n"
    "</dict></plist>\n";

int main(void)
{
    char tmpl[] = "/tmp/mrsbapp.XXXXXX";
    char *base = mkdtemp(tmpl);
    if (!base) return 1;
    char home[256], xdg[256];
    snprintf(home, sizeof home, "%s/home", base);
    snprintf(xdg, sizeof xdg, "%s/xdg", base);
    mkdir(home, 0700);
    setenv("HOME", home, 1);
    setenv("XDG_DATA_HOME", xdg, 1);
    char err[512], *container = NULL;
    char *text = sb_app_sandbox_profile(ents, sizeof ents - 1, "com.example.tool", &container, err, sizeof err);
    CHECK(text != NULL, "profile: %s", err);
    if (!text) return 1;
    char want[512];
    snprintf(want, sizeof want, "%s/machrun/Containers/com.example.tool/Data", xdg);
    CHECK(container && !strcmp(container, want), "container %s", container ? container : "(null)");
    struct sb_profile *p = sb_profile_from_string(text, strlen(text), "app", NULL, err, sizeof err);
    CHECK(p != NULL, "app profile does not evaluate: %s\n%s", err, text);
    if (p) {
        char inside[600];
        snprintf(inside, sizeof inside, "%s/Documents/x", want);
        struct sb_query q = { .operation = "file-write-create", .path = inside };
        CHECK(sb_check(p, &q, NULL, NULL) == SB_ALLOW, "write in container");
        q.path = "/opt/shared/lib/a";
        q.operation = "file-read-data";
        CHECK(sb_check(p, &q, NULL, NULL) == SB_ALLOW, "temporary exception read");
        q.operation = "file-write-data";
        CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "temporary exception is read-only");
        q.operation = "file-read-data"; q.path = "/etc/one.conf";
        CHECK(sb_check(p, &q, NULL, NULL) == SB_ALLOW, "literal exception");
        q.path = home;
        q.operation = "file-read-data";
        CHECK(sb_check(p, &q, NULL, NULL) == SB_DENY, "the real home is outside");
        struct sb_query n = { .operation = "network-outbound", .host = "192.0.2.1", .port = 443, .proto = 1 };
        CHECK(sb_check(p, &n, NULL, NULL) == SB_ALLOW, "network.client");
        struct sb_query b = { .operation = "network-bind", .local = 1, .host = "0.0.0.0", .port = 8080, .proto = 1 };
        CHECK(sb_check(p, &b, NULL, NULL) == SB_DENY, "no network.server");
        sb_profile_free(p);
    }
    /* not sandboxed: nothing happens */
    const char plain[] = "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>com.apple.security.get-task-allow</key><true/></dict></plist>";
    CHECK(sb_app_sandbox_apply(plain, sizeof plain - 1, "x", 0, err, sizeof err) == 0, "unsandboxed program");
    CHECK(sb_app_sandbox_apply("garbage", 7, "x", 0, err, sizeof err) == 0, "garbage entitlements are not a sandbox request");
    CHECK(sb_app_sandbox_profile(ents, sizeof ents - 1, "../evil", NULL, err, sizeof err) == NULL, "bad identifier refused");
    /* apply in a child: HOME moves, the container exists and is writable, the old home is not */
    pid_t pid = fork();
    if (pid == 0) {
        int r = sb_app_sandbox_apply(ents, sizeof ents - 1, "com.example.tool", 0, err, sizeof err);
        if (r != 1) { fprintf(stderr, "apply: %s\n", err); _exit(10); }
        if (strcmp(getenv("HOME"), want)) _exit(11);
        char f[700];
        snprintf(f, sizeof f, "%s/file", want);
        int fd = open(f, O_CREAT | O_WRONLY, 0600);
        if (fd < 0) _exit(12);
        close(fd);
        snprintf(f, sizeof f, "%s/escape", home);
        fd = open(f, O_CREAT | O_WRONLY, 0600);
        if (fd >= 0 || errno != EPERM) _exit(13);
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sandboxed child failed with %d", WEXITSTATUS(st));
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", base);
    if (system(cmd) != 0) {}
    free(text); free(container);
    printf("%s\n", failures ? "FAILED" : "app sandbox ok");
    return failures ? 1 : 0;
}
