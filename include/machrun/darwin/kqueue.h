/*
 * kqueue.h — what the descriptor calls tell the kqueue emulation (libsystem_kernel/kqueue.c):
 * a descriptor closed (its knotes go with it) or duplicated (the copy names the same kqueue).
 */
#ifndef MACHRUN_DARWIN_KQUEUE_H
#define MACHRUN_DARWIN_KQUEUE_H

void darwin_kqueue_closed(int fd);
void darwin_kqueue_dup(int oldfd, int newfd);

#endif
