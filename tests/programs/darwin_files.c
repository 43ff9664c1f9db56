/* darwin_files.c — macOS-only file APIs (compared with darwin_files.expected): copyfile and
 * fcopyfile (DATA, STAT, XATTR, ALL, EXCL, UNLINK, NOFOLLOW_SRC, MOVE, CHECK, CLONE,
 * CLONE_FORCE, RECURSIVE with a status callback, the state calls), getattrlist /
 * fgetattrlist / getattrlistbulk (common, file and directory attributes, RETURNED_ATTRS,
 * FSOPT_REPORT_FULLSIZE, the EINVAL cases), __getdirentries64, and the parts of glob that
 * are Darwin's own (gl_matchc, GLOB_MAGCHAR, brace results). Everything happens in the
 * current folder; what a file system may or may not do (cloning, birth times) is printed in
 * a form that holds either way. */
#include <copyfile.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/attr.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* <sys/xattr.h> is not in zig's SDK headers: Darwin's signatures. */
ssize_t getxattr(const char *path, const char *name, void *value, size_t size, uint32_t position, int options);
int setxattr(const char *path, const char *name, const void *value, size_t size, uint32_t position, int options);
extern ssize_t __getdirentries64(int fd, void *buf, size_t bufsize, off_t *basep);

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case ENOTSUP: return "ENOTSUP";
    case ERANGE: return "ERANGE";
    default: return "other";
    }
}

static void put_file(const char *p, const char *s, mode_t m)
{
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    write(fd, s, strlen(s));
    fchmod(fd, m);
    close(fd);
}

static const char *content(const char *p)
{
    static char buf[128];
    int fd = open(p, O_RDONLY);
    if (fd < 0)
        return "(missing)";
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = 0;
    return buf;
}

static const char *xattr_of(const char *p)
{
    static char v[64];
    ssize_t n = getxattr(p, "com.example.tag", v, sizeof v - 1, 0, 0);
    if (n < 0)
        return "none";
    v[n] = 0;
    return v;
}

static int files, dirs, cleanups, progress;
static int status_cb(int what, int stage, copyfile_state_t s, const char *src, const char *dst, void *ctx)
{
    (void)s, (void)src, (void)dst;
    if (stage == COPYFILE_START && what == COPYFILE_RECURSE_FILE)
        files++;
    if (stage == COPYFILE_START && what == COPYFILE_RECURSE_DIR)
        dirs++;
    if (stage == COPYFILE_FINISH && what == COPYFILE_RECURSE_DIR_CLEANUP)
        cleanups++;
    if (stage == COPYFILE_PROGRESS && what == COPYFILE_COPY_DATA)
        progress++;
    (*(int *)ctx)++;
    return COPYFILE_CONTINUE;
}

static void copyfile_tests(void)
{
    put_file("src.txt", "hello copyfile\n", 0640);
    struct timeval tv[2] = { { 1000000000, 0 }, { 1200000000, 0 } };
    utimes("src.txt", tv);
    printf("setxattr: %d\n", setxattr("src.txt", "com.example.tag", "v1", 2, 0, 0));

    int r = copyfile("src.txt", "data.txt", NULL, COPYFILE_DATA);
    printf("DATA: %d errno=%s content=%s xattr=%s\n", r, ename(errno), content("data.txt"), xattr_of("data.txt"));

    r = copyfile("src.txt", "all.txt", NULL, COPYFILE_ALL);
    struct stat st;
    stat("all.txt", &st);
    printf("ALL: %d content=%s mode=%o mtime=%ld xattr=%s\n", r, content("all.txt"), (unsigned)(st.st_mode & 0777),
           (long)st.st_mtime, xattr_of("all.txt"));

    put_file("meta.txt", "keep me\n", 0600);
    r = copyfile("src.txt", "meta.txt", NULL, COPYFILE_STAT | COPYFILE_XATTR);
    stat("meta.txt", &st);
    printf("STAT|XATTR onto a file: %d content=%s mode=%o xattr=%s\n", r, content("meta.txt"),
           (unsigned)(st.st_mode & 0777), xattr_of("meta.txt"));

    errno = 0;
    r = copyfile("src.txt", "all.txt", NULL, COPYFILE_DATA | COPYFILE_EXCL);
    printf("EXCL onto a file: %d errno=%s\n", r, ename(errno));

    symlink("src.txt", "link");
    r = copyfile("src.txt", "link", NULL, COPYFILE_DATA | COPYFILE_UNLINK);
    struct stat lst;
    lstat("link", &lst);
    printf("UNLINK onto a link: %d regular=%d content=%s src=%s\n", r, S_ISREG(lst.st_mode) != 0, content("link"),
           content("src.txt"));

    symlink("src.txt", "link2");
    r = copyfile("link2", "link3", NULL, COPYFILE_DATA | COPYFILE_NOFOLLOW_SRC);
    char target[64] = "";
    ssize_t tl = readlink("link3", target, sizeof target - 1);
    target[tl > 0 ? tl : 0] = 0;
    printf("NOFOLLOW_SRC link: %d target=%s\n", r, target);
    r = copyfile("link2", "followed.txt", NULL, COPYFILE_DATA);
    lstat("followed.txt", &lst);
    printf("followed link: %d regular=%d content=%s\n", r, S_ISREG(lst.st_mode) != 0, content("followed.txt"));

    put_file("tomove.txt", "moving\n", 0644);
    r = copyfile("tomove.txt", "moved.txt", NULL, COPYFILE_ALL | COPYFILE_MOVE);
    printf("MOVE: %d moved=%s source gone=%d\n", r, content("moved.txt"), access("tomove.txt", F_OK) != 0);

    r = copyfile("src.txt", NULL, NULL, COPYFILE_CHECK | COPYFILE_XATTR | COPYFILE_ACL);
    printf("CHECK: xattr=%d\n", (r & COPYFILE_XATTR) != 0);
    r = copyfile("data.txt", NULL, NULL, COPYFILE_CHECK | COPYFILE_XATTR);
    printf("CHECK without: %d\n", r);

    r = copyfile("src.txt", "clone.txt", NULL, COPYFILE_CLONE);
    stat("clone.txt", &st);
    printf("CLONE: %d content=%s mode=%o mtime=%ld\n", r, content("clone.txt"), (unsigned)(st.st_mode & 0777),
           (long)st.st_mtime);
    errno = 0;
    r = copyfile("src.txt", "clone.txt", NULL, COPYFILE_CLONE);
    printf("CLONE onto a file: %d errno=%s\n", r, ename(errno));
    errno = 0;
    r = copyfile("src.txt", "forced.txt", NULL, COPYFILE_CLONE_FORCE);
    printf("CLONE_FORCE: %s\n", r == 0 ? (strcmp(content("forced.txt"), "hello copyfile") == 0 ? "cloned or ENOTSUP" : "bad")
                                       : errno == ENOTSUP ? "cloned or ENOTSUP" : ename(errno));
    unlink("forced.txt");

    copyfile_state_t s = copyfile_state_alloc();
    int calls = 0;
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CB, (const void *)status_cb);
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CTX, &calls);
    r = copyfile("src.txt", "state.txt", s, COPYFILE_DATA);
    off_t copied = 0;
    const char *name = NULL;
    copyfile_state_get(s, COPYFILE_STATE_COPIED, &copied);
    copyfile_state_get(s, COPYFILE_STATE_SRC_FILENAME, &name);
    printf("state: %d copied=%lld src=%s progress>0=%d\n", r, (long long)copied, name ? name : "(null)", progress > 0);
    copyfile_state_free(s);

    int in = open("src.txt", O_RDONLY), out = open("fd.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
    r = fcopyfile(in, out, NULL, COPYFILE_DATA | COPYFILE_XATTR);
    close(in);
    close(out);
    printf("fcopyfile: %d content=%s xattr=%s\n", r, content("fd.txt"), xattr_of("fd.txt"));
    errno = 0;
    printf("fcopyfile bad fd: %d errno=%s\n", fcopyfile(-1, 1, NULL, COPYFILE_DATA), ename(errno));

    mkdir("tree", 0755);
    mkdir("tree/sub", 0700);
    put_file("tree/a.txt", "A\n", 0644);
    put_file("tree/sub/b.txt", "B\n", 0600);
    s = copyfile_state_alloc();
    calls = 0;
    files = dirs = cleanups = 0;
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CB, (const void *)status_cb);
    copyfile_state_set(s, COPYFILE_STATE_STATUS_CTX, &calls);
    r = copyfile("tree", "tree2", s, COPYFILE_ALL | COPYFILE_RECURSIVE);
    copyfile_state_free(s);
    stat("tree2/sub", &st);
    printf("RECURSIVE: %d a=%s", r, content("tree2/a.txt"));
    printf(" b=%s sub mode=%o files=%d dirs=%d cleanups=%d\n", content("tree2/sub/b.txt"), (unsigned)(st.st_mode & 0777),
           files, dirs, cleanups);
    r = copyfile("src.txt", "tree2", NULL, COPYFILE_ALL | COPYFILE_RECURSIVE);
    printf("RECURSIVE file into a directory: %d %s\n", r, content("tree2/src.txt"));
    errno = 0;
    r = copyfile("tree", "tree3", NULL, COPYFILE_ALL | COPYFILE_RECURSIVE | COPYFILE_MOVE);
    printf("RECURSIVE|MOVE: %d errno=%s\n", r, ename(errno));
}

struct name_attr {
    uint32_t length;
    attribute_set_t returned;
    attrreference_t name;
    fsobj_type_t type;
    struct timespec mtime;
    uint32_t access;
    uint64_t fileid;
    off_t total, alloc;
} __attribute__((packed));

static void attr_tests(void)
{
    struct attrlist al;
    memset(&al, 0, sizeof al);
    al.bitmapcount = ATTR_BIT_MAP_COUNT;
    al.commonattr = ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_NAME | ATTR_CMN_OBJTYPE | ATTR_CMN_MODTIME |
                    ATTR_CMN_ACCESSMASK | ATTR_CMN_FILEID;
    al.fileattr = ATTR_FILE_TOTALSIZE | ATTR_FILE_ALLOCSIZE;
    char buf[512];
    int r = getattrlist("src.txt", &al, buf, sizeof buf, 0);
    struct name_attr *a = (void *)buf;
    struct stat st;
    stat("src.txt", &st);
    printf("getattrlist: %d length=%u name=%s type=%u mtime=%ld access=%o fileid ok=%d size=%lld alloc>=size=%d\n", r,
           a->length, (char *)&a->name + a->name.attr_dataoffset, a->type, (long)a->mtime.tv_sec,
           a->access & 0777, a->fileid == (uint64_t)st.st_ino, (long long)a->total, a->alloc >= a->total);
    printf("  returned common=%s file=%s name length=%u\n", a->returned.commonattr == al.commonattr ? "all" : "some",
           a->returned.fileattr == al.fileattr ? "all" : "some", a->name.attr_length);

    int fd = open("src.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    r = fgetattrlist(fd, &al, buf, sizeof buf, 0);
    close(fd);
    printf("fgetattrlist: %d name=%s size=%lld\n", r, (char *)&a->name + a->name.attr_dataoffset, (long long)a->total);

    char small[16];
    r = getattrlist("src.txt", &al, small, sizeof small, FSOPT_REPORT_FULLSIZE);
    uint32_t full;
    memcpy(&full, small, 4);
    printf("small buffer, REPORT_FULLSIZE: %d length=%u\n", r, full);

    /* A directory: file attributes are not packed, directory ones are. */
    struct attrlist dl;
    memset(&dl, 0, sizeof dl);
    dl.bitmapcount = ATTR_BIT_MAP_COUNT;
    dl.commonattr = ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_OBJTYPE;
    dl.dirattr = ATTR_DIR_ENTRYCOUNT;
    dl.fileattr = ATTR_FILE_TOTALSIZE;
    struct {
        uint32_t length;
        attribute_set_t returned;
        fsobj_type_t type;
        uint32_t entries;
    } __attribute__((packed)) d;
    r = getattrlist("tree", &dl, &d, sizeof d, 0);
    printf("directory: %d length=%u type=%u entries=%u returned dir=%u file=%u\n", r, d.length, d.type, d.entries,
           d.returned.dirattr, d.returned.fileattr);

    symlink("src.txt", "alink");
    dl.dirattr = 0;
    dl.fileattr = 0;
    r = getattrlist("alink", &dl, &d, sizeof d, FSOPT_NOFOLLOW);
    printf("NOFOLLOW link: %d type=%u\n", r, d.type);
    r = getattrlist("alink", &dl, &d, sizeof d, 0);
    printf("followed link: %d type=%u\n", r, d.type);

    errno = 0;
    dl.bitmapcount = 4;
    r = getattrlist("src.txt", &dl, &d, sizeof d, 0);
    printf("bitmapcount 4: %d errno=%s\n", r, ename(errno));
    dl.bitmapcount = ATTR_BIT_MAP_COUNT;
    dl.fileattr = 0x8000;
    errno = 0;
    r = getattrlist("src.txt", &dl, &d, sizeof d, 0);
    printf("unknown file bit: %d errno=%s\n", r, ename(errno));
    dl.fileattr = 0;
    dl.volattr = ATTR_VOL_SIZE;
    errno = 0;
    r = getattrlist("src.txt", &dl, &d, sizeof d, 0);
    printf("volattr without VOL_INFO: %d errno=%s\n", r, ename(errno));
    dl.volattr = 0;
    errno = 0;
    r = getattrlist("no-such-file", &dl, &d, sizeof d, 0);
    printf("missing: %d errno=%s\n", r, ename(errno));

    /* setattrlist: times (in bit order: MODTIME, then ACCTIME) and the access mask. */
    struct attrlist sl;
    memset(&sl, 0, sizeof sl);
    sl.bitmapcount = ATTR_BIT_MAP_COUNT;
    sl.commonattr = ATTR_CMN_MODTIME | ATTR_CMN_ACCTIME;
    struct timespec times[2] = { { 1300000000, 0 }, { 1100000000, 0 } };
    r = setattrlist("data.txt", &sl, times, sizeof times, 0);
    stat("data.txt", &st);
    printf("setattrlist times: %d mtime=%ld atime=%ld\n", r, (long)st.st_mtime, (long)st.st_atime);
    sl.commonattr = ATTR_CMN_ACCESSMASK;
    uint32_t mask = 0604;
    fd = open("data.txt", O_RDONLY);
    r = fsetattrlist(fd, &sl, &mask, sizeof mask, 0);
    close(fd);
    stat("data.txt", &st);
    printf("fsetattrlist mode: %d mode=%o\n", r, (unsigned)(st.st_mode & 0777));
    sl.commonattr = ATTR_CMN_NAME;
    errno = 0;
    r = setattrlist("data.txt", &sl, &mask, sizeof mask, 0);
    printf("setattrlist NAME: %d errno=%s\n", r, ename(errno));

    /* getattrlistbulk over tree/: a.txt and sub, in whatever order, "." and ".." left out. */
    struct attrlist bl;
    memset(&bl, 0, sizeof bl);
    bl.bitmapcount = ATTR_BIT_MAP_COUNT;
    bl.commonattr = ATTR_CMN_RETURNED_ATTRS | ATTR_CMN_NAME | ATTR_CMN_OBJTYPE;
    bl.fileattr = ATTR_FILE_TOTALSIZE;
    int dfd = open("tree", O_RDONLY | O_DIRECTORY);
    char bbuf[4096];
    int total = 0, files_seen = 0, dirs_seen = 0;
    long long sizes = 0;
    for (;;) {
        int n = getattrlistbulk(dfd, &bl, bbuf, sizeof bbuf, 0);
        if (n <= 0) {
            printf("bulk end: %d\n", n);
            break;
        }
        char *e = bbuf;
        for (int i = 0; i < n; i++) {
            uint32_t len;
            memcpy(&len, e, 4);
            attribute_set_t ret;
            memcpy(&ret, e + 4, sizeof ret);
            char *f = e + 4 + sizeof ret;
            attrreference_t nref;
            memcpy(&nref, f, sizeof nref);
            const char *nm = f + nref.attr_dataoffset;
            f += sizeof nref;
            fsobj_type_t t;
            memcpy(&t, f, 4);
            f += 4;
            if (t == 1 /* VREG */ && (ret.fileattr & ATTR_FILE_TOTALSIZE)) {
                off_t sz;
                memcpy(&sz, f, 8);
                sizes += sz;
                files_seen += strcmp(nm, "a.txt") == 0;
            }
            if (t == 2 /* VDIR */)
                dirs_seen += strcmp(nm, "sub") == 0 && !(ret.fileattr & ATTR_FILE_TOTALSIZE);
            total++;
            e += len;
        }
    }
    close(dfd);
    printf("bulk: %d entries, a.txt=%d sub=%d sizes=%lld\n", total, files_seen, dirs_seen, sizes);
    bl.commonattr &= ~ATTR_CMN_RETURNED_ATTRS;
    dfd = open("tree", O_RDONLY | O_DIRECTORY);
    errno = 0;
    int n = getattrlistbulk(dfd, &bl, bbuf, sizeof bbuf, 0);
    printf("bulk without RETURNED_ATTRS: %d errno=%s\n", n, ename(errno));
    close(dfd);

    dfd = open("tree", O_RDONLY | O_DIRECTORY);
    char dbuf[4096];
    off_t base = -1;
    int names = 0, found = 0;
    ssize_t got;
    while ((got = __getdirentries64(dfd, dbuf, sizeof dbuf, &base)) > 0) {
        for (char *p = dbuf; p < dbuf + got;) {
            struct dirent *de = (struct dirent *)p;
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                names++;
                found += (strcmp(de->d_name, "a.txt") == 0 && de->d_type == DT_REG) +
                         (strcmp(de->d_name, "sub") == 0 && de->d_type == DT_DIR);
                found += de->d_namlen == strlen(de->d_name) ? 0 : 100;
            }
            p += de->d_reclen;
        }
    }
    close(dfd);
    printf("__getdirentries64: %zd names=%d found=%d first base=%d\n", got, names, found, base >= 0);
}

static void glob_tests(void)
{
    glob_t g;
    memset(&g, 0, sizeof g);
    int r = glob("*.txt", 0, NULL, &g);
    printf("glob *.txt: %d matchc=%d MAGCHAR=%d\n", r, g.gl_matchc, (g.gl_flags & GLOB_MAGCHAR) != 0);
    globfree(&g);
    r = glob("src.txt", 0, NULL, &g);
    printf("glob src.txt: %d matchc=%d MAGCHAR=%d\n", r, g.gl_matchc, (g.gl_flags & GLOB_MAGCHAR) != 0);
    globfree(&g);
    r = glob("{nope,nada}*", GLOB_BRACE, NULL, &g);
    printf("brace, nothing matches: %d pathc=%zu\n", r, g.gl_pathc);
    globfree(&g);
    r = glob("{x,y}", GLOB_BRACE | GLOB_NOCHECK, NULL, &g);
    printf("brace NOCHECK: %d", r);
    for (size_t i = 0; i < g.gl_pathc; i++)
        printf(" %s", g.gl_pathv[i]);
    printf("\n");
    globfree(&g);
    r = glob("{}", GLOB_BRACE | GLOB_NOCHECK, NULL, &g);
    printf("{} NOCHECK: %d %s\n", r, g.gl_pathc ? g.gl_pathv[0] : "-");
    globfree(&g);
    r = glob("a\\*b", GLOB_NOCHECK, NULL, &g);
    printf("quoted NOCHECK: %d %s\n", r, g.gl_pathc ? g.gl_pathv[0] : "-");
    globfree(&g);
    printf("sizeof glob_t=%zu\n", sizeof(glob_t));
}

int main(void)
{
    copyfile_tests();
    attr_tests();
    glob_tests();
    return 0;
}
