/* plugin.c — loaded with dlopen by the dyld test program. */
#include <stdio.h>

extern int shape_area(int, int);

__attribute__((constructor)) static void plugin_ctor(void) { printf("plugin: constructor\n"); }

int plugin_entry(int x)
{
    return shape_area(x, 2) + 1;
}
