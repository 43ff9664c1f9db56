/* libshape.c — a dylib of the dyld tests: constructor/destructor, atexit from a library,
 * an exported function and data, a weak definition the program overrides. */
#include <stdio.h>
#include <stdlib.h>

int shape_counter = 100;

__attribute__((weak)) const char *weak_hook(void) { return "weak_hook from the library"; }

static void lib_atexit(void) { printf("libshape: atexit handler\n"); }

__attribute__((constructor)) static void lib_ctor(void)
{
    printf("libshape: constructor (counter=%d)\n", shape_counter);
    atexit(lib_atexit);
}

__attribute__((destructor)) static void lib_dtor(void) { printf("libshape: destructor\n"); }

int shape_area(int w, int h)
{
    shape_counter++;
    return w * h;
}

const char *shape_hook_result(void) { return weak_hook(); }
