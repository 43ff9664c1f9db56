/*
 * appsandbox.c — owns the App Sandbox: from a program's entitlements (XML plist, read
 * with libplist) build the SBPL profile macOS's secinitd would, create the container
 * $XDG_DATA_HOME/machrun/Containers/<ID>/Data, point HOME (and CFFIXED_USER_HOME, TMPDIR)
 * into it, and apply the profile.
 *
 * Entitlements understood: app-sandbox, network.client, network.server,
 * files.downloads.read-only/read-write, files.user-selected.* (command-line programs
 * have no open panel: nothing is selected, so these grant nothing),
 * temporary-exception.files.absolute-path.read-only/read-write,
 * temporary-exception.files.home-relative-path.read-only/read-write. Others are ignored
 * and leave the default (deny).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sb_private.h"

struct sbuf { char *s; size_t n, cap; };
static void sb_puts(struct sbuf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->n + l + 1 > b->cap) {
        b->cap = (b->n + l + 1) * 2;
        char *n = realloc(b->s, b->cap);
        if (!n) abort();
        b->s = n;
    }
    memcpy(b->s + b->n, s, l + 1);
    b->n += l;
}
/* an SBPL string literal */
static void sb_putq(struct sbuf *b, const char *s)
{
    sb_puts(b, "\"");
    char c[2] = { 0, 0 };
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') sb_puts(b, "\\");
        c[0] = *s;
        sb_puts(b, c);
    }
    sb_puts(b, "\"");
}

static int ent_bool(plist_t d, const char *key)
{
    plist_t n = plist_dict_get_item(d, key);
    if (!n || plist_get_node_type(n) != PLIST_BOOLEAN) return 0;
    uint8_t v = 0;
    plist_get_bool_val(n, &v);
    return v != 0;
}

static void ent_paths(plist_t d, const char *key, const char *base, const char *ops, struct sbuf *b)
{
    plist_t n = plist_dict_get_item(d, key);
    if (!n) return;
    plist_t one = NULL;
    uint32_t count = 1;
    if (plist_get_node_type(n) == PLIST_ARRAY) count = plist_array_get_size(n);
    else if (plist_get_node_type(n) == PLIST_STRING) one = n;
    else return;
    for (uint32_t i = 0; i < count; i++) {
        plist_t s = one ? one : plist_array_get_item(n, i);
        if (!s || plist_get_node_type(s) != PLIST_STRING) continue;
        char *v = NULL;
        plist_get_string_val(s, &v);
        if (!v) continue;
        char path[PATH_MAX];
        if (base) snprintf(path, sizeof path, "%s/%s", base, v[0] == '/' ? v + 1 : v);
        else snprintf(path, sizeof path, "%s", v);
        free(v);
        if (path[0] != '/') continue;
        size_t l = strlen(path);
        int dir = l > 1 && path[l - 1] == '/';
        if (dir) path[l - 1] = 0;
        sb_puts(b, "(allow "); sb_puts(b, ops); sb_puts(b, dir ? " (subpath " : " (literal ");
        sb_putq(b, path);
        sb_puts(b, "))\n");
    }
}

static int mkdirs(const char *path)
{
    char tmp[PATH_MAX + 600];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0700) < 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(tmp, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

static int valid_id(const char *id)
{
    if (!id || !*id || strlen(id) > 200 || !strcmp(id, ".") || !strcmp(id, "..")) return 0;
    for (const char *p = id; *p; p++)
        if (*p == '/' || (unsigned char)*p < 0x20) return 0;
    return 1;
}

char *sb_app_sandbox_profile(const char *xml, size_t len, const char *identifier,
                             char **container_out, char *err, size_t errlen)
{
    if (container_out) *container_out = NULL;
    if (!xml || !len) { snprintf(err, errlen, "no entitlements"); return NULL; }
    plist_t d = NULL;
    plist_from_memory(xml, (uint32_t)len, &d);
    if (!d || plist_get_node_type(d) != PLIST_DICT) {
        if (d) plist_free(d);
        snprintf(err, errlen, "entitlements are not a property-list dictionary");
        return NULL;
    }
    if (!ent_bool(d, "com.apple.security.app-sandbox")) { plist_free(d); snprintf(err, errlen, "not sandboxed"); return NULL; }
    if (!valid_id(identifier)) { plist_free(d); snprintf(err, errlen, "bad identifier \"%s\"", identifier ? identifier : ""); return NULL; }
    const char *home = getenv("HOME");
    if (!home || home[0] != '/') home = "/";
    char data[PATH_MAX], container[PATH_MAX + 512];
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/') snprintf(data, sizeof data, "%s", xdg);
    else snprintf(data, sizeof data, "%s/.local/share", strcmp(home, "/") ? home : "");
    snprintf(container, sizeof container, "%s/machrun/Containers/%s/Data", data, identifier);

    struct sbuf b = { 0 };
    sb_puts(&b, ";; App Sandbox profile built by machrun from the entitlements of ");
    sb_puts(&b, identifier);
    sb_puts(&b, "\n(version 1)\n(deny default)\n(import \"system.sb\")\n");
    sb_puts(&b, "(allow process-fork)\n(allow signal (target children))\n");
    sb_puts(&b, "(allow file* (subpath "); sb_putq(&b, container); sb_puts(&b, "))\n");
    sb_puts(&b, "(allow file-read-metadata (literal "); sb_putq(&b, home); sb_puts(&b, "))\n");
    if (ent_bool(d, "com.apple.security.network.client"))
        sb_puts(&b, "(allow network-outbound)\n(allow system-socket)\n");
    if (ent_bool(d, "com.apple.security.network.server"))
        sb_puts(&b, "(allow network-bind network-inbound)\n(allow system-socket)\n");
    char dl[PATH_MAX];
    snprintf(dl, sizeof dl, "%s/Downloads", home);
    if (ent_bool(d, "com.apple.security.files.downloads.read-write")) {
        sb_puts(&b, "(allow file-read* file-write* (subpath "); sb_putq(&b, dl); sb_puts(&b, "))\n");
    } else if (ent_bool(d, "com.apple.security.files.downloads.read-only")) {
        sb_puts(&b, "(allow file-read* (subpath "); sb_putq(&b, dl); sb_puts(&b, "))\n");
    }
    ent_paths(d, "com.apple.security.temporary-exception.files.absolute-path.read-only", NULL, "file-read*", &b);
    ent_paths(d, "com.apple.security.temporary-exception.files.absolute-path.read-write", NULL, "file-read* file-write*", &b);
    ent_paths(d, "com.apple.security.temporary-exception.files.home-relative-path.read-only", home, "file-read*", &b);
    ent_paths(d, "com.apple.security.temporary-exception.files.home-relative-path.read-write", home, "file-read* file-write*", &b);
    plist_free(d);
    if (container_out) *container_out = strdup(container);
    return b.s;
}

int sb_app_sandbox_apply(const char *xml, size_t len, const char *identifier, unsigned flags, char *err, size_t errlen)
{
    if (!xml || !len) return 0;
    plist_t d = NULL;
    plist_from_memory(xml, (uint32_t)len, &d);
    int sandboxed = d && plist_get_node_type(d) == PLIST_DICT && ent_bool(d, "com.apple.security.app-sandbox");
    if (d) plist_free(d);
    if (!sandboxed) return 0;
    char *container = NULL;
    char *text = sb_app_sandbox_profile(xml, len, identifier, &container, err, errlen);
    if (!text) return -1;
    char tmp[PATH_MAX + 600];
    snprintf(tmp, sizeof tmp, "%s/tmp", container);
    if (mkdirs(container) < 0 || mkdirs(tmp) < 0) {
        snprintf(err, errlen, "cannot create the container %s: %s", container, strerror(errno));
        free(text); free(container);
        return -1;
    }
    struct sb_profile *p = sb_profile_from_string(text, strlen(text), "<App Sandbox>", NULL, err, errlen);
    free(text);
    if (!p) { free(container); return -1; }
    /* as macOS does: the program's home is its container */
    setenv("HOME", container, 1);
    setenv("CFFIXED_USER_HOME", container, 1);
    setenv("TMPDIR", tmp, 1);
    setenv("APP_SANDBOX_CONTAINER_ID", identifier, 1);
    free(container);
    if (sb_apply(p, flags, err, errlen) < 0) { sb_profile_free(p); return -1; }
    return 1;   /* p stays: it is the process's profile (sb_current_profile) */
}
