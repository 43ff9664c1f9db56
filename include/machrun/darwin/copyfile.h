/* copyfile.h — what libcopyfile/copyfile.c shares with clonefile(2)
 * (libsystem_kernel/clonefile.c). */
#ifndef MACHRUN_DARWIN_COPYFILE_H
#define MACHRUN_DARWIN_COPYFILE_H

/* Copy in's extended attributes and access ACL to out, errors ignored. */
void copyfile_clone_xattrs(int in, int out);

#endif
