/* version.h — machrun's version string. */
#ifndef MACHRUN_VERSION_H
#define MACHRUN_VERSION_H
#define MACHRUN_VERSION "0.1.0"
#endif
