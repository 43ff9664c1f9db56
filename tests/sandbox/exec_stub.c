/* exec_stub.c — what the sandbox's unit tests, linked without src/exec, give enforce.c for
 * src/exec/reexec.c: there is no machrun to remember (its shim is not preloaded). */
#include "machrun/exec.h"

void exec_remember_self(void)
{
}
