/* fs_walk.c — nftw (physical, depth-first, stopping early), ftw, fts (physical and logical
 * walks, sorting, FTS_SKIP, fts_children, several roots, closing early) and pathconf, over a
 * tree with files, an empty directory, and live, dangling and looping links. Darwin's FTW_*
 * and FTS/FTSENT layouts differ from glibc's: names are printed, not numbers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char *ftwname(int t) {
    switch (t) { case FTW_F: return "F"; case FTW_D: return "D"; case FTW_DNR: return "DNR"; case FTW_DP: return "DP";
    case FTW_NS: return "NS"; case FTW_SL: return "SL"; case FTW_SLN: return "SLN"; default: return "?"; }
}
static const char *ftsname(int t) {
    switch (t) { case FTS_D: return "D"; case FTS_DC: return "DC"; case FTS_DEFAULT: return "DEFAULT"; case FTS_DNR: return "DNR";
    case FTS_DOT: return "DOT"; case FTS_DP: return "DP"; case FTS_ERR: return "ERR"; case FTS_F: return "F"; case FTS_NS: return "NS";
    case FTS_NSOK: return "NSOK"; case FTS_SL: return "SL"; case FTS_SLNONE: return "SLNONE"; default: return "?"; }
}
static int lines;
static char *out[200];
static int cb(const char *p, const struct stat *st, int t, struct FTW *f) {
    char b[300]; snprintf(b, sizeof b, "  %s %s level=%d base=%d size=%lld", p, ftwname(t), f->level, f->base, t == FTW_F ? (long long)st->st_size : -1LL);
    out[lines++] = strdup(b); return 0;
}
static int cb_stop(const char *p, const struct stat *st, int t, struct FTW *f) { (void)st; (void)t; (void)f; return strstr(p, "b.txt") ? 42 : 0; }
static int oldcb(const char *p, const struct stat *st, int t) { (void)st; char b[300]; snprintf(b, sizeof b, "  ftw %s %s", p, ftwname(t)); out[lines++] = strdup(b); return 0; }
static int cmps(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }
static void flush(const char *title) { qsort(out, lines, sizeof *out, cmps); printf("%s:\n", title); for (int i = 0; i < lines; i++) { puts(out[i]); free(out[i]); } lines = 0; }
static int byname(const FTSENT **a, const FTSENT **b) { return strcmp((*a)->fts_name, (*b)->fts_name); }

int main(void) {
    mkdir("t", 0755); mkdir("t/sub", 0755); mkdir("t/empty", 0755); mkdir("t/sub/deep", 0755);
    int fd = open("t/a.txt", O_CREAT|O_WRONLY, 0644); write(fd, "12345", 5); close(fd);
    fd = open("t/sub/b.txt", O_CREAT|O_WRONLY, 0644); write(fd, "xy", 2); close(fd);
    fd = open("t/sub/deep/c.txt", O_CREAT|O_WRONLY, 0644); close(fd);
    symlink("a.txt", "t/link"); symlink("nowhere", "t/dangling"); symlink("..", "t/sub/up");
    nftw("t", cb, 8, FTW_PHYS); flush("nftw PHYS");
    nftw("t", cb, 8, FTW_PHYS | FTW_DEPTH); flush("nftw PHYS|DEPTH");
    nftw("t/sub", cb, 8, FTW_PHYS); flush("nftw t/sub");
    printf("nftw stop: %d\n", nftw("t", cb_stop, 8, FTW_PHYS));
    errno = 0;
    int miss = nftw("nope", cb, 8, 0);
    printf("nftw missing: %d %s\n", miss, errno == ENOENT ? "ENOENT" : "other");
    ftw("t/sub/deep", oldcb, 4);
    flush("ftw t/sub/deep");
    printf("pathconf NAME_MAX=%ld fpathconf NAME_MAX=%ld\n", pathconf("t", _PC_NAME_MAX), fpathconf(0, _PC_NAME_MAX) == -1 ? -1L : 0L);
    struct statvfs sv;
    int svr = statvfs("t", &sv);
    printf("statvfs: %d bsize>0=%d frsize>0=%d blocks>=free=%d namemax=%lu\n", svr, sv.f_bsize > 0, sv.f_frsize > 0,
           sv.f_blocks >= sv.f_bfree, (unsigned long)sv.f_namemax);
    int lfd = open("t/a.txt", O_RDWR);
    int l1 = lockf(lfd, F_TLOCK, 0);
    int l2 = lockf(lfd, F_TEST, 0);
    int l3 = lockf(lfd, F_ULOCK, 0);
    printf("lockf: %d %d %d getdtablesize>0=%d\n", l1, l2, l3, getdtablesize() > 0);
    close(lfd);
    errno = 0;
    long bad = pathconf("t", 9999);
    printf("pathconf unknown: %ld %s\n", bad, errno == EINVAL ? "EINVAL" : "other");
    char *roots[] = { "t", NULL };
    FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, byname);
    FTSENT *e;
    printf("fts physical sorted:\n");
    while ((e = fts_read(fts))) {
        printf("  %s name=%s %s level=%d", e->fts_path, e->fts_name, ftsname(e->fts_info), e->fts_level);
        if (e->fts_info == FTS_F) printf(" size=%lld", (long long)e->fts_statp->st_size);
        if (e->fts_info == FTS_D && strcmp(e->fts_name, "deep") == 0) fts_set(fts, e, FTS_SKIP);
        printf("\n");
    }
    printf("  end errno=%d\n", errno);
    fts_close(fts);
    fts = fts_open(roots, FTS_LOGICAL, byname);
    printf("fts logical sorted:\n");
    while ((e = fts_read(fts))) {
        printf("  %s %s level=%d\n", e->fts_path, ftsname(e->fts_info), e->fts_level);
        if (e->fts_info == FTS_D && e->fts_level == 0) {
            FTSENT *c = fts_children(fts, 0);
            printf("  children:");
            for (; c; c = c->fts_link) printf(" %s", c->fts_name);
            printf("\n");
        }
    }
    fts_close(fts);
    char *roots2[] = { "t/sub/b.txt", "t/a.txt", "t/empty", NULL };
    fts = fts_open(roots2, FTS_PHYSICAL, byname);
    printf("fts several roots:\n");
    while ((e = fts_read(fts))) printf("  %s %s level=%d\n", e->fts_path, ftsname(e->fts_info), e->fts_level);
    fts_close(fts);
    fts = fts_open(roots, FTS_PHYSICAL | FTS_COMFOLLOW, byname);
    e = fts_read(fts); fts_close(fts); printf("close early: %s\n", e ? ftsname(e->fts_info) : "-");
    system("rm -rf t");
    return 0;
}
