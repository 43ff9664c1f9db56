/* apfs_lookup.c — names found whatever their Unicode normalization, as on APFS: a file
 * created as NFC ("\u00e9") is found by access, stat, lstat and open under its NFD spelling
 * ("e\u0301") and the other way round, and creating the other spelling opens the existing
 * file instead of making a second one. (macOS-only behaviour: compared with the .expected.) */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int entries(void)
{
    int n = 0;
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

int main(void)
{
    const char *nfc = "caf\xc3\xa9.txt", *nfd = "cafe\xcc\x81.txt";
    mkdir("apfs", 0755);
    if (chdir("apfs"))
        return 1;
    int fd = open(nfc, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    (void)!write(fd, "first\n", 6);
    close(fd);
    struct stat st;
    printf("access nfd: %d\n", access(nfd, F_OK));
    printf("stat nfd: %d size %lld\n", stat(nfd, &st), (long long)st.st_size);
    printf("lstat nfd: %d\n", lstat(nfd, &st));
    fd = open(nfd, O_RDONLY);
    char buf[16] = { 0 };
    printf("open nfd: %s read %zd\n", fd >= 0 ? "ok" : "failed", fd >= 0 ? read(fd, buf, sizeof buf - 1) : (ssize_t)-1);
    close(fd);
    fd = open(nfd, O_CREAT | O_WRONLY | O_APPEND, 0644);
    (void)!write(fd, "second\n", 7);
    close(fd);
    printf("entries after creating the other spelling: %d\n", entries());
    stat(nfc, &st);
    printf("size now %lld\n", (long long)st.st_size);
    printf("missing name: %d\n", access("nai\xcc\x88ve.txt", F_OK));
    unlink(nfc);
    chdir("..");
    rmdir("apfs");
    return 0;
}
