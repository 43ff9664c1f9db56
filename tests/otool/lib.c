/* lib.c — a dylib for the otool fixtures. */
int lib_value(void) { return 42; }
