/*
 * notify.c — notify(3), as documented, with no daemon behind it: names and their 64-bit
 * states live in this process; a token is valid from registration until cancelled;
 * notify_check reports a change once (and true on its first call, as Darwin does);
 * notify_post reaches the tokens of this process only (partial: no other process sees it).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/private.h"

#define NOTIFY_STATUS_OK 0
#define NOTIFY_STATUS_INVALID_NAME 1
#define NOTIFY_STATUS_INVALID_TOKEN 2
#define NOTIFY_STATUS_FAILED 1000000

struct token {
    char *name;
    uint64_t seen;  /* generation last reported by notify_check */
    bool valid;
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

static uint32_t d_notify_register_check(const char *name, int *out)
{
    if (!name)
        return NOTIFY_STATUS_INVALID_NAME;
    pthread_mutex_lock(&lock);
    struct token *t = realloc(tokens, (size_t)(ntokens + 1) * sizeof *t);
    if (!t || !name_of(name, true)) {
        pthread_mutex_unlock(&lock);
        return NOTIFY_STATUS_FAILED;
    }
    tokens = t;
    tokens[ntokens] = (struct token){ strdup(name), 0, true };
    *out = ntokens++;
    pthread_mutex_unlock(&lock);
    return NOTIFY_STATUS_OK;
}
DARWIN_EXPORT("_notify_register_check", d_notify_register_check);

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
    if (n)
        n->generation++;
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
