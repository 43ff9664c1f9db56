/* prog.c — a program for the otool fixtures: calls a dylib, uses a thread-local. */
#include <stdio.h>
int lib_value(void);
static _Thread_local int t = 1;
int main(void) { printf("%d\n", lib_value() + t); return 0; }
