/*
 * trap.c — never a silent stub: an import that machrun does not implement is bound to a small
 * generated trampoline that, if ever called, reports
 *     machrun: unimplemented: _SYMBOL (LIBRARY) called from IMAGE+0xOFFSET
 * and aborts with SIGABRT, as dyld does for a missing lazy symbol. Also keeps the list of
 * such imports for `machrun ldd -r`.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dyld_private.h"

struct trap_info {
    char *symbol;
    char *library;
    void *stub;
};

static uint8_t *chunk;
static size_t chunk_used, chunk_size;
#define STUB_SIZE 32

__attribute__((noreturn, used)) static void trap_report(struct trap_info *t, uintptr_t caller)
{
    const char *img = "?";
    uintptr_t off = caller;
    for (struct dyld_image *i = dyld_images; i; i = i->next) {
        if (!i->builtin && caller >= i->map.start && caller < i->map.end) {
            img = i->path;
            off = caller - (uintptr_t)i->map.base;
            break;
        }
    }
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "machrun: unimplemented: %s (%s) called from %s+0x%lx\n", t->symbol, t->library,
                     img, (unsigned long)off);
    if (n > 0)
        (void)!write(2, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
    signal(SIGABRT, SIG_DFL);
    abort();
}

void *dyld_make_trap(const char *symbol, const char *library)
{
    if (!chunk || chunk_used + STUB_SIZE > chunk_size) {
        chunk_size = 64 * 1024;
        chunk = mmap(NULL, chunk_size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (chunk == MAP_FAILED) {
            perror("machrun: mmap");
            exit(126);
        }
        chunk_used = 0;
    }
    struct trap_info *t = malloc(sizeof *t);
    t->symbol = strdup(symbol);
    t->library = strdup(library);
    uint8_t *p = chunk + chunk_used;
    t->stub = p;
    chunk_used += STUB_SIZE;
    uint64_t info = (uint64_t)(uintptr_t)t, fn = (uint64_t)(uintptr_t)trap_report;
    /* movabs $info, %rdi */
    *p++ = 0x48; *p++ = 0xbf; memcpy(p, &info, 8); p += 8;
    /* mov (%rsp), %rsi  (the return address: the caller) */
    *p++ = 0x48; *p++ = 0x8b; *p++ = 0x34; *p++ = 0x24;
    /* movabs $trap_report, %rax ; jmp *%rax */
    *p++ = 0x48; *p++ = 0xb8; memcpy(p, &fn, 8); p += 8;
    *p++ = 0xff; *p++ = 0xe0;
    *p++ = 0xcc;
    return t->stub;
}

struct dyld_unresolved *dyld_unresolved_list;

void dyld_note_unresolved(const char *symbol, const char *library, const char *image)
{
    for (struct dyld_unresolved *u = dyld_unresolved_list; u; u = u->next)
        if (!strcmp(u->symbol, symbol) && !strcmp(u->image, image))
            return;
    struct dyld_unresolved *u = calloc(1, sizeof *u);
    u->symbol = strdup(symbol);
    u->library = strdup(library);
    u->image = strdup(image);
    struct dyld_unresolved **p = &dyld_unresolved_list;
    while (*p)
        p = &(*p)->next;
    *p = u;
}
