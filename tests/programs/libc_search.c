/* libc_search.c — POSIX/BSD library calls whose Darwin layouts or numbers differ from
 * glibc's, compared with the Linux build: regcomp/regexec/regfree (Darwin's regex_t and
 * 64-bit regmatch_t, its flag values), tsearch/tfind/tdelete/twalk, lsearch/lfind,
 * hcreate/hsearch, wordexp (its flag values), named semaphores, err/warn on stderr and
 * errx's exit status. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <search.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wordexp.h>

static int cmpint(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int depth_sum;
static void walker(const void *node, VISIT v, int level)
{
    if (v == postorder || v == leaf) {
        printf(" %d", **(int *const *)node);
        depth_sum += level;
    }
}

static void re(const char *pat, int cflags, const char *s, int eflags)
{
    regex_t r;
    regmatch_t m[4];
    int c = regcomp(&r, pat, cflags);
    if (c) {
        printf("regcomp(%s): error %s\n", pat, c == REG_EPAREN ? "REG_EPAREN" : c == REG_EBRACK ? "REG_EBRACK" : "other");
        return;
    }
    int e = regexec(&r, s, 4, m, eflags);
    printf("regexec(%s, %s): %s nsub=%zu", pat, s, e == 0 ? "match" : e == REG_NOMATCH ? "nomatch" : "error", r.re_nsub);
    if (e == 0 && !(cflags & REG_NOSUB))
        for (size_t i = 0; i <= r.re_nsub && i < 4; i++)
            printf(" [%lld,%lld]", (long long)m[i].rm_so, (long long)m[i].rm_eo);
    printf("\n");
    regfree(&r);
}

int main(void)
{
    re("a(b+)c", REG_EXTENDED, "xxabbbc", 0);
    re("^(foo|bar)([0-9]*)$", REG_EXTENDED, "bar42", 0);
    re("HELLO", REG_ICASE, "say hello", 0);
    re("^line", REG_NEWLINE, "first\nline two", 0);
    re("^line", 0, "first\nline two", 0);
    re("^x", REG_EXTENDED, "xyz", REG_NOTBOL);
    re("a\\(b\\)*c", 0, "abbc", 0);
    re("z", REG_EXTENDED | REG_NOSUB, "zzz", 0);
    re("a(b", REG_EXTENDED, "ab", 0);
    re("[abc", REG_EXTENDED, "ab", 0);

    void *root = NULL;
    int vals[] = { 50, 20, 70, 10, 30, 60, 80, 20 };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
        tsearch(&vals[i], &root, cmpint);
    int key = 30, missing = 35;
    int found30 = **(int **)tfind(&key, &root, cmpint);
    void *found35 = tfind(&missing, &root, cmpint);
    printf("tfind 30: %d, tfind 35: %s\n", found30, found35 ? "found" : "none");
    printf("twalk:");
    twalk(root, walker);
    printf("\n");
    key = 50;
    tdelete(&key, &root, cmpint);
    printf("after tdelete 50:");
    twalk(root, walker);
    printf("\n");

    int arr[8] = { 5, 3, 9 };
    size_t n = 3;
    int k = 7;
    lsearch(&k, arr, &n, sizeof *arr, cmpint);
    k = 3;
    int *f = lfind(&k, arr, &n, sizeof *arr, cmpint);
    printf("lsearch: n=%zu last=%d lfind 3 at %td\n", n, arr[3], f ? f - arr : -1);

    hcreate(16);
    char *keys[] = { "alpha", "beta", "gamma" };
    for (int i = 0; i < 3; i++) {
        ENTRY e = { keys[i], (void *)(long)(i + 1) };
        hsearch(e, ENTER);
    }
    ENTRY q = { "beta", NULL };
    ENTRY *h = hsearch(q, FIND);
    q.key = "delta";
    ENTRY *h2 = hsearch(q, FIND);
    printf("hsearch beta=%ld delta=%s\n", h ? (long)h->data : -1L, h2 ? "found" : "none");
    hdestroy();

    wordexp_t we;
    int r = wordexp("one 'two three' four", &we, 0);
    printf("wordexp: %d count=%zu:", r, we.we_wordc);
    for (size_t i = 0; i < we.we_wordc; i++)
        printf(" <%s>", we.we_wordv[i]);
    printf("\n");
    r = wordexp("five", &we, WRDE_APPEND);
    printf("wordexp APPEND: %d count=%zu last=<%s>\n", r, we.we_wordc, we.we_wordv[we.we_wordc - 1]);
    wordfree(&we);
    we.we_offs = 2;
    r = wordexp("x y", &we, WRDE_DOOFFS);
    printf("wordexp DOOFFS: %d count=%zu [0]=%s [2]=%s\n", r, we.we_wordc, we.we_wordv[0] ? "set" : "NULL", we.we_wordv[2]);
    wordfree(&we);
    r = wordexp("a $(echo b)", &we, WRDE_NOCMD);
    printf("wordexp NOCMD: %s\n", r == WRDE_CMDSUB ? "WRDE_CMDSUB" : "other");
    r = wordexp("a |b", &we, 0);
    printf("wordexp bad char: %s\n", r == WRDE_BADCHAR ? "WRDE_BADCHAR" : "other");

    char name[64];
    snprintf(name, sizeof name, "/mr_sem_%d", (int)getpid());
    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 2);
    printf("sem_open: %s\n", s == SEM_FAILED ? "failed" : "ok");
    errno = 0;
    sem_t *again = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    printf("sem_open EXCL again: %s errno=%s\n", again == SEM_FAILED ? "failed" : "ok", errno == EEXIST ? "EEXIST" : "other");
    int t1 = sem_trywait(s);
    int t2 = sem_trywait(s);
    printf("trywait: %d %d", t1, t2);
    errno = 0;
    int tw = sem_trywait(s);
    printf(" %d %s\n", tw, errno == EAGAIN ? "EAGAIN" : "other");
    int p = sem_post(s);
    int w = sem_wait(s);
    printf("post: %d wait: %d\n", p, w);
    int c = sem_close(s);
    int u = sem_unlink(name);
    printf("close: %d unlink: %d\n", c, u);

    errno = ENOENT;
    warn("warn with %s", "errno");
    warnx("warnx %d", 42);
    errno = EACCES;
    warn(NULL);
    fflush(stdout);
    errx(3, "errx exits %s", "now");
}
