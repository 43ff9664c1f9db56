/*
 * hostlib.c — opening a host shared library on first use and finding its functions (see
 * include/machrun/hostlib.h). machrun is a static PIE; glibc's static dlopen gives each
 * library its own namespace (with its own copy of libc, as it does for NSS modules), which is
 * why the forwarders in this folder copy anything the library allocates.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/hostlib.h"

#define MAX_LIBS 4

static struct { const char *soname; void *handle; } libs[MAX_LIBS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(const char *soname, const char *what, const char *detail)
{
    fprintf(stderr, "machrun: cannot load %s (needed for %s): %s\n", soname, what, detail ? detail : "unknown error");
    exit(126);
}

void *hostlib_sym(const char *soname, const char *what, const char *name)
{
    void *h = NULL;
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < MAX_LIBS && libs[i].soname; i++)
        if (!strcmp(libs[i].soname, soname))
            break;
    if (i < MAX_LIBS && libs[i].soname) {
        h = libs[i].handle;
    } else {
        h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char *e = dlerror();
            pthread_mutex_unlock(&lock);
            fail(soname, what, e);
        }
        if (i < MAX_LIBS) {
            libs[i].soname = soname;
            libs[i].handle = h;
        }
    }
    pthread_mutex_unlock(&lock);
    dlerror();
    void *p = dlsym(h, name);
    if (!p) {
        char detail[160];
        snprintf(detail, sizeof detail, "it has no %s", name);
        fail(soname, what, detail);
    }
    return p;
}
