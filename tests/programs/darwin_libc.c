/* darwin_libc.c — libc answers that are Darwin's own (compared with darwin_libc.expected):
 * strtonum, strmode, mergesort (stable) and heapsort, sched_get_priority_min/max,
 * nl_langinfo items in the C locale, regerror's texts and REG_ITOA names, unnamed
 * semaphores refused with ENOSYS, fgetln, getloadavg, sys_signame/sys_siglist, digittoint. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <langinfo.h>
#include <regex.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/mount.h>
#include <uuid/uuid.h>

struct pair {
    int key, order;
};
static int bykey(const void *a, const void *b) { return ((const struct pair *)a)->key - ((const struct pair *)b)->key; }

int main(void)
{
    const char *err = "x";
    long long v = strtonum("42", 0, 100, &err);
    printf("strtonum 42: %lld err=%s\n", v, err ? err : "(null)");
    v = strtonum("420", 0, 100, &err);
    printf("strtonum 420: %lld err=%s errno=%d\n", v, err ? err : "(null)", errno == ERANGE);
    v = strtonum("-5", 0, 100, &err);
    printf("strtonum -5: %lld err=%s\n", v, err ? err : "(null)");
    v = strtonum("4x", 0, 100, &err);
    printf("strtonum 4x: %lld err=%s errno=%d\n", v, err ? err : "(null)", errno == EINVAL);

    char m[16];
    strmode(S_IFDIR | 0755, m);
    printf("strmode dir 755: '%s'\n", m);
    strmode(S_IFREG | 04711, m);
    printf("strmode setuid: '%s'\n", m);
    strmode(S_IFREG | 02640, m);
    printf("strmode setgid no x: '%s'\n", m);
    strmode(S_IFDIR | 01777, m);
    printf("strmode sticky: '%s'\n", m);
    strmode(S_IFLNK | 0777, m);
    printf("strmode link: '%s'\n", m);

    struct pair p[8] = { { 3, 0 }, { 1, 1 }, { 3, 2 }, { 2, 3 }, { 1, 4 }, { 3, 5 }, { 2, 6 }, { 1, 7 } };
    printf("mergesort: %d", mergesort(p, 8, sizeof p[0], bykey));
    for (int i = 0; i < 8; i++)
        printf(" %d/%d", p[i].key, p[i].order);
    printf("\n");
    int nums[6] = { 9, 4, 7, 1, 8, 2 };
    printf("heapsort: %d", heapsort(nums, 6, sizeof nums[0], bykey == NULL ? NULL : (int (*)(const void *, const void *))bykey));
    printf("\n");
    int ints[5] = { 5, 2, 4, 1, 3 };
    heapsort(ints, 5, sizeof ints[0], bykey);
    printf("heapsort ints (by first int):");
    for (int i = 0; i < 5; i++)
        printf(" %d", ints[i]);
    printf("\n");
    errno = 0;
    printf("mergesort size 1: %d errno=%d\n", mergesort(p, 8, 1, bykey), errno == EINVAL);

    printf("sched priority: min=%d max=%d\n", sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER));

    printf("CODESET=%s D_T_FMT=%s D_FMT=%s T_FMT=%s T_FMT_AMPM=%s AM=%s PM=%s\n", nl_langinfo(CODESET),
           nl_langinfo(D_T_FMT), nl_langinfo(D_FMT), nl_langinfo(T_FMT), nl_langinfo(T_FMT_AMPM), nl_langinfo(AM_STR),
           nl_langinfo(PM_STR));
    printf("DAY_1=%s ABDAY_7=%s MON_12=%s ABMON_1=%s RADIXCHAR=%s THOUSEP='%s' YESEXPR=%s NOEXPR=%s\n",
           nl_langinfo(DAY_1), nl_langinfo(ABDAY_7), nl_langinfo(MON_12), nl_langinfo(ABMON_1), nl_langinfo(RADIXCHAR),
           nl_langinfo(THOUSEP), nl_langinfo(YESEXPR), nl_langinfo(NOEXPR));
    printf("YESSTR=%s NOSTR=%s CRNCYSTR='%s' D_MD_ORDER=%s\n", nl_langinfo(YESSTR), nl_langinfo(NOSTR),
           nl_langinfo(CRNCYSTR), nl_langinfo(D_MD_ORDER));

    char eb[128];
    regex_t re;
    int c = regcomp(&re, "a(b", REG_EXTENDED);
    regerror(c, &re, eb, sizeof eb);
    printf("regerror EPAREN: %s\n", eb);
    regerror(REG_NOMATCH, NULL, eb, sizeof eb);
    printf("regerror NOMATCH: %s\n", eb);
    regerror(REG_BADRPT | REG_ITOA, NULL, eb, sizeof eb);
    printf("regerror ITOA: %s\n", eb);
    size_t need = regerror(REG_EBRACK, NULL, eb, 8);
    printf("regerror small: %zu '%s'\n", need, eb);

    sem_t s;
    errno = 0;
    int r = sem_init(&s, 0, 1);
    printf("sem_init: %d errno=%s\n", r, errno == ENOSYS ? "ENOSYS" : "other");

    FILE *f = fopen("lines.txt", "w+");
    fputs("first line\nsecond\nno newline", f);
    rewind(f);
    size_t len;
    char *l;
    while ((l = fgetln(f, &len)))
        printf("fgetln: %zu [%.*s]\n", len, (int)(len && l[len - 1] == '\n' ? len - 1 : len), l);
    printf("fgetln at end: feof=%d\n", feof(f) != 0);
    fclose(f);
    unlink("lines.txt");

    uuid_t u, uv;
    uuid_parse("0123abcd-4567-89ab-cdef-0123456789ab", u);
    char us[40];
    uuid_unparse(u, us);
    printf("uuid round trip: %s\n", us);
    uuid_unparse_lower(u, us);
    printf("uuid lower: %s\n", us);
    printf("uuid_parse bad: %d\n", uuid_parse("not-a-uuid", uv));
    uuid_generate(uv);
    uuid_unparse(uv, us);
    printf("uuid_generate: version=%c variant ok=%d null=%d same=%d\n", us[14], strchr("89AB", us[19]) != NULL,
           uuid_is_null(uv), uuid_compare(u, uv) == 0);
    uuid_clear(uv);
    printf("uuid_clear: null=%d\n", uuid_is_null(uv));
    printf("fls: %d %d %d flsl=%d\n", fls(0), fls(1), fls(0x10), flsl(1L << 40));
    struct statfs *mnt;
    int nm = getmntinfo(&mnt, MNT_NOWAIT);
    int hasroot = 0;
    for (int i = 0; i < nm; i++)
        hasroot += strcmp(mnt[i].f_mntonname, "/") == 0;
    printf("getmntinfo: some=%d root=%d\n", nm > 0, hasroot > 0);
    char *const tokens[] = { "ro", "size", NULL };
    char opts[] = "ro,size=10,bogus", *op = opts, *val;
    int t1 = getsubopt(&op, tokens, &val);
    int t2 = getsubopt(&op, tokens, &val);
    printf("getsubopt: %d %d value=%s", t1, t2, val);
    int t3 = getsubopt(&op, tokens, &val);
    printf(" unknown=%d\n", t3);

    double load[3] = { -1, -1, -1 };
    printf("getloadavg: %d nonnegative=%d\n", getloadavg(load, 3), load[0] >= 0 && load[2] >= 0);

    printf("sys_signame: %s %s %s %s\n", sys_signame[0], sys_signame[1], sys_signame[9], sys_signame[31]);
    printf("sys_siglist: %s|%s|%s\n", sys_siglist[5], sys_siglist[29], sys_siglist[31]);
    printf("digittoint: %d %d %d %d\n", digittoint('7'), digittoint('f'), digittoint('C'), digittoint('z'));
    return 0;
}
