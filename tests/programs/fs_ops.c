/* fs_ops.c — files and directories: open flags, O_EXCL, stat fields, utimes, directory
 * listings (readdir and scandir), rename/unlink/rmdir errors, fcntl flags and locks,
 * symlinks and realpath, mkstemp/mkdtemp. Output is deterministic (no inodes, no "now"). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    default: return "other";
    }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    int fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
    printf("open create: %d\n", fd >= 0);
    write(fd, "0123456789", 10);
    close(fd);
    errno = 0;
    fd = open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);
    printf("O_EXCL on existing: %d %s\n", fd, ename(errno));
    fd = open("a.txt", O_WRONLY | O_APPEND);
    write(fd, "AB", 2);
    close(fd);
    fd = open("a.txt", O_RDONLY);
    char buf[64] = { 0 };
    ssize_t n = read(fd, buf, sizeof buf);
    printf("append: %zd '%s'\n", n, buf);
    int fl = fcntl(fd, F_GETFL);
    printf("F_GETFL access mode rdonly: %d\n", (fl & O_ACCMODE) == O_RDONLY);
    printf("F_SETFL nonblock: %d\n", fcntl(fd, F_SETFL, fl | O_NONBLOCK));
    fl = fcntl(fd, F_GETFL);
    printf("nonblock set: %d\n", (fl & O_NONBLOCK) != 0);
    printf("F_SETFD cloexec: %d\n", fcntl(fd, F_SETFD, FD_CLOEXEC));
    fl = fcntl(fd, F_GETFD);
    printf("cloexec: %d\n", fl == FD_CLOEXEC);
    close(fd);

    struct stat st;
    int rc = stat("a.txt", &st);
    printf("stat: %d size=%lld mode=%o reg=%d nlink=%d uid-ok=%d\n", rc, (long long)st.st_size,
           (unsigned)(st.st_mode & 07777), S_ISREG(st.st_mode), (int)st.st_nlink, st.st_uid == getuid());
    struct timeval tv[2] = { { 1000000000, 0 }, { 1234567890, 500000 } };
    rc = utimes("a.txt", tv);
    stat("a.txt", &st);
    printf("utimes: %d mtime=%lld atime=%lld\n", rc, (long long)st.st_mtime, (long long)st.st_atime);
    errno = 0;
    rc = stat("missing", &st);
    printf("stat missing: %d %s\n", rc, ename(errno));

    mkdir("d", 0755);
    mkdir("d/sub", 0700);
    close(open("d/b", O_CREAT | O_WRONLY, 0644));
    close(open("d/a", O_CREAT | O_WRONLY, 0644));
    symlink("a", "d/link");
    DIR *dir = opendir("d");
    char *names[16];
    int k = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && k < 16)
        if (e->d_name[0] != '.') {
            char *s;
            asprintf(&s, "%s:%s", e->d_name, e->d_type == DT_DIR ? "dir" : e->d_type == DT_LNK ? "link" : e->d_type == DT_REG ? "file" : "?");
            names[k++] = s;
        }
    closedir(dir);
    qsort(names, (size_t)k, sizeof names[0], cmp);
    for (int i = 0; i < k; i++) {
        printf("entry %s\n", names[i]);
        free(names[i]);
    }
    struct dirent **list;
    int m = scandir("d", &list, NULL, alphasort);
    printf("scandir: %d first=%s last=%s\n", m, list[0]->d_name, list[m - 1]->d_name);
    for (int i = 0; i < m; i++)
        free(list[i]);
    free(list);
    struct stat ls;
    lstat("d/link", &ls);
    printf("lstat link: %d\n", S_ISLNK(ls.st_mode));
    char rp[PATH_MAX], cwd[PATH_MAX];
    getcwd(cwd, sizeof cwd);
    realpath("d/sub/../link", rp);
    printf("realpath resolves the link: %d\n", !strcmp(rp + strlen(cwd), "/d/a"));

    errno = 0;
    rc = rmdir("d");
    printf("rmdir non-empty: %d %s\n", rc, ename(errno));
    errno = 0;
    rc = rename("nothing", "x");
    printf("rename missing: %d %s\n", rc, ename(errno));
    printf("rename ok: %d\n", rename("d/a", "d/c"));
    errno = 0;
    rc = unlink("d/sub");
    printf("unlink dir: %d %s\n", rc, (errno == EISDIR || errno == EPERM) ? "refused" : ename(errno));
    errno = 0;
    rc = open("a.txt/x", O_RDONLY);
    printf("open through a file: %d %s\n", rc, ename(errno));

    fd = open("a.txt", O_RDWR);
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4 };
    printf("F_SETLK: %d\n", fcntl(fd, F_SETLK, &lk));
    lk.l_type = F_UNLCK;
    printf("unlock: %d\n", fcntl(fd, F_SETLK, &lk));
    close(fd);

    char tmpl[] = "tmpXXXXXX";
    fd = mkstemp(tmpl);
    printf("mkstemp: %d name len %zu prefix ok %d\n", fd >= 0, strlen(tmpl), !strncmp(tmpl, "tmp", 3));
    close(fd);
    unlink(tmpl);
    char dtmpl[] = "dirXXXXXX";
    char *dname = mkdtemp(dtmpl);
    stat(dname, &st);
    printf("mkdtemp: dir=%d mode=%o\n", S_ISDIR(st.st_mode), (unsigned)(st.st_mode & 0777));
    rmdir(dname);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    rc = fstatat(dfd, "sub", &st, 0);
    printf("fstatat: %d dir=%d\n", rc, S_ISDIR(st.st_mode));
    rc = openat(dfd, "b", O_RDONLY);
    printf("openat: %d\n", rc >= 0);
    close(rc);
    printf("unlinkat dir: %d\n", unlinkat(dfd, "sub", AT_REMOVEDIR));
    close(dfd);
    return 0;
}
