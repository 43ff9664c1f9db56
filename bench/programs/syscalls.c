/* syscalls.c — a libSystem-heavy loop: stat/open/read/close, getpid, malloc/free, mutex. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    char buf[256];
    long sum = 0;
    for (int i = 0; i < 200000; i++) {
        struct stat st;
        if (stat("/etc/hostname", &st) == 0)
            sum += st.st_size;
        int fd = open("/etc/hostname", O_RDONLY);
        if (fd >= 0) {
            sum += read(fd, buf, sizeof buf);
            close(fd);
        }
        sum += getpid() & 1;
        void *p = malloc((size_t)(i % 512) + 16);
        free(p);
        pthread_mutex_lock(&m);
        sum++;
        pthread_mutex_unlock(&m);
    }
    printf("%d\n", sum > 0);
    return 0;
}
