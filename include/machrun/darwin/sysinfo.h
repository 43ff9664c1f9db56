/* sysinfo.h — the identity machrun reports for the system (sysinfo.c), shared with sysctl.c. */
#ifndef MACHRUN_DARWIN_SYSINFO_H
#define MACHRUN_DARWIN_SYSINFO_H
extern const char darwin_os_release[];         /* kern.osrelease, uname -r */
extern const char darwin_os_version_build[];   /* kern.osversion */
extern const char darwin_os_product_version[]; /* kern.osproductversion */
extern const char darwin_kernel_version[];     /* kern.version, uname -v */
#endif
