/*
 * cli.h — the subcommands of the `machrun` command line (src/cli/).
 * Each subcommand is one file in src/cli/ and has the signature of a main():
 * argv[0] is the subcommand's name. It returns the process exit status.
 */
#ifndef MACHRUN_CLI_H
#define MACHRUN_CLI_H

int cli_run(int argc, char **argv);            /* machrun [options] PROGRAM [ARGS...] (run.c) */
int cli_otool(int argc, char **argv);          /* machrun otool -h|-l|-L|-f [-arch A] FILE... */
int cli_ldd(int argc, char **argv);            /* machrun ldd [-r] PROGRAM */
int cli_codesign(int argc, char **argv);       /* machrun codesign ... */
int cli_sandbox_exec(int argc, char **argv);   /* machrun sandbox-exec ... */
int cli_launchd(int argc, char **argv);        /* machrun launchd ... */
int cli_launchctl(int argc, char **argv);      /* machrun launchctl ... */

#include "machrun/exec.h" /* the exit statuses (MR_EXIT_*) belong to exec */

#endif
