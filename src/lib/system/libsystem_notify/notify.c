/*
 * notify.c — notify(3), as documented, with no daemon behind it: names and their 64-bit
 * states live in this process; a token is valid from registration until cancelled;
 * notify_check reports a change once (and true on its first call, as Darwin does);
 * notify_post reaches the tokens of this process only (partial: no other process sees it).
 * notify_register_file_descriptor hands out the read end of a pipe; each post of the name
 * writes the token, 4 bytes in network byte order, to it (NOTIFY_REUSE shares a descriptor
 * an earlier registration returned); the pipe is closed when its last token is cancelled.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

#define NOTIFY_STATUS_OK 0
#define NOTIFY_STATUS_INVALID_NAME 1
#define NOTIFY_STATUS_INVALID_TOKEN 2
#define NOTIFY_STATUS_INVALID_FILE 4
#define NOTIFY_REUSE 0x1
#define NOTIFY_STATUS_FAILED 1000000

struct token {
    char *name;
    uint64_t seen;  /* generation last reported by notify_check */
    bool valid;
    int rfd, wfd;   /* file-descriptor delivery: the pipe's ends, or -1 */
};
struct nname {
    char *name;
    uint64_t state, generation;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct token *tokens;
static int ntokens;
static struct nname *names;
static int nnames;

static struct nname *name_of(const char *n, bool create)
{
    for (int i = 0; i < nnames; i++)
        if (!strcmp(names[i].name, n))
            return &names[i];
    if (!create)
        return NULL;
    struct nname *x = realloc(names, (size_t)(nnames + 1) * sizeof *x);
    if (!x)
        return NULL;
    names = x;
    names[nnames] = (struct nname){ strdup(n), 0, 1 };
    return &names[nnames++];
}

/* A new token for name (the lock held); -1 if out of memory. */
static int token_new(const char *name, int rfd, int wfd)
{
    struct token *t = realloc(tokens, (size_t)(ntokens + 1) * sizeof *t);
    if (!t)
        return -1;
    tokens = t;
    struct nname *n = name_of(name, true);
    char *copy = strdup(name);
    if (!n || !copy) {
        free(copy);
        return -1;
    }
    /* seen 0: notify_check is true on its first call (generations start at 1) */
    tokens[ntokens] = (struct token){ copy, 0, true, rfd, wfd };
    return ntokens++;
}

static uint32_t d_notify_register_check(const char *name, int *out)
{
    if (!name)
        return NOTIFY_STATUS_INVALID_NAME;
    pthread_mutex_lock(&lock);
    int t = token_new(name, -1, -1);
    pthread_mutex_unlock(&lock);
    if (t < 0)
        return NOTIFY_STATUS_FAILED;
    *out = t;
    return NOTIFY_STATUS_OK;
}
DARWIN_EXPORT("_notify_register_check", d_notify_register_check);

static uint32_t d_notify_register_file_descriptor(const char *name, int *notify_fd, int flags, int *out)
{
    if (!name)
        return NOTIFY_STATUS_INVALID_NAME;
    if (!notify_fd || !out)
        return NOTIFY_STATUS_FAILED;
    pthread_mutex_lock(&lock);
    int rfd = -1, wfd = -1;
    if (flags & NOTIFY_REUSE) {
        /* the descriptor must be one an earlier registration returned and is still open */
        for (int i = 0; i < ntokens; i++)
            if (tokens[i].valid && tokens[i].rfd >= 0 && tokens[i].rfd == *notify_fd) {
                rfd = tokens[i].rfd;
                wfd = tokens[i].wfd;
                break;
            }
        if (rfd < 0) {
            pthread_mutex_unlock(&lock);
            return NOTIFY_STATUS_INVALID_FILE;
        }
    } else {
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0) {
            pthread_mutex_unlock(&lock);
            return NOTIFY_STATUS_FAILED;
        }
        fcntl(p[1], F_SETFL, O_NONBLOCK); /* a full pipe drops a post rather than blocking it */
        rfd = p[0];
        wfd = p[1];
    }
    int t = token_new(name, rfd, wfd);
    if (t < 0) {
        if (!(flags & NOTIFY_REUSE)) {
            close(rfd);
            close(wfd);
        }
        pthread_mutex_unlock(&lock);
        return NOTIFY_STATUS_FAILED;
    }
    pthread_mutex_unlock(&lock);
    *notify_fd = rfd;
    *out = t;
    return NOTIFY_STATUS_OK;
}
DARWIN_EXPORT("_notify_register_file_descriptor", d_notify_register_file_descriptor);

static bool d_notify_is_valid_token(int t)
{
    pthread_mutex_lock(&lock);
    bool v = t >= 0 && t < ntokens && tokens[t].valid;
    pthread_mutex_unlock(&lock);
    return v;
}
DARWIN_EXPORT("_notify_is_valid_token", d_notify_is_valid_token);

static uint32_t d_notify_check(int t, int *check)
{
    pthread_mutex_lock(&lock);
    if (t < 0 || t >= ntokens || !tokens[t].valid) {
        pthread_mutex_unlock(&lock);
        return NOTIFY_STATUS_INVALID_TOKEN;
    }
    struct nname *n = name_of(tokens[t].name, false);
    uint64_t g = n ? n->generation : 0;
    *check = tokens[t].seen != g;
    tokens[t].seen = g;
    pthread_mutex_unlock(&lock);
    return NOTIFY_STATUS_OK;
}
DARWIN_EXPORT("_notify_check", d_notify_check);

static uint32_t d_notify_post(const char *name)
{
    pthread_mutex_lock(&lock);
    struct nname *n = name_of(name, true);
    if (n) {
        n->generation++;
        for (int i = 0; i < ntokens; i++)
            if (tokens[i].valid && tokens[i].wfd >= 0 && !strcmp(tokens[i].name, name)) {
                uint32_t be = htonl((uint32_t)i);
                ssize_t w = write(tokens[i].wfd, &be, sizeof be);
                (void)w; /* a full pipe loses the post, as on macOS */
            }
    }
    pthread_mutex_unlock(&lock);
    return n ? NOTIFY_STATUS_OK : NOTIFY_STATUS_FAILED;
}
DARWIN_EXPORT_PARTIAL("_notify_post", d_notify_post);

static uint32_t d_notify_cancel(int t)
{
    pthread_mutex_lock(&lock);
    uint32_t r = NOTIFY_STATUS_INVALID_TOKEN;
    if (t >= 0 && t < ntokens && tokens[t].valid) {
        tokens[t].valid = false;
        if (tokens[t].rfd >= 0) {
            bool shared = false;
            for (int i = 0; i < ntokens; i++)
                shared |= tokens[i].valid && tokens[i].rfd == tokens[t].rfd;
            if (!shared) { /* the last token of the pipe: close it */
                close(tokens[t].rfd);
                close(tokens[t].wfd);
            }
            tokens[t].rfd = tokens[t].wfd = -1;
        }
        r = NOTIFY_STATUS_OK;
    }
    pthread_mutex_unlock(&lock);
    return r;
}
DARWIN_EXPORT("_notify_cancel", d_notify_cancel);

static uint32_t d_notify_get_state(int t, uint64_t *state)
{
    pthread_mutex_lock(&lock);
    uint32_t r = NOTIFY_STATUS_INVALID_TOKEN;
    if (t >= 0 && t < ntokens && tokens[t].valid) {
        struct nname *n = name_of(tokens[t].name, false);
        *state = n ? n->state : 0;
        r = NOTIFY_STATUS_OK;
    }
    pthread_mutex_unlock(&lock);
    return r;
}
DARWIN_EXPORT("_notify_get_state", d_notify_get_state);

static uint32_t d_notify_set_state(int t, uint64_t state)
{
    pthread_mutex_lock(&lock);
    uint32_t r = NOTIFY_STATUS_INVALID_TOKEN;
    if (t >= 0 && t < ntokens && tokens[t].valid) {
        struct nname *n = name_of(tokens[t].name, false);
        if (n)
            n->state = state;
        r = NOTIFY_STATUS_OK;
    }
    pthread_mutex_unlock(&lock);
    return r;
}
DARWIN_EXPORT("_notify_set_state", d_notify_set_state);
