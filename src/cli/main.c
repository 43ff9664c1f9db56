/*
 * main.c — the `machrun` command line: global options, --help/--version and the
 * subcommand table. Running a program (the default form) is in run.c; each other
 * subcommand lives in its own file in src/cli/.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "machrun/cli.h"
#include "machrun/dyld.h"
#include "machrun/version.h"

static const struct subcommand {
    const char *name;
    int (*fn)(int, char **);
    const char *usage;
} subcommands[] = {
    { "otool", cli_otool, "otool -h|-l|-L|-f [-arch NAME] FILE...   print Mach-O headers as llvm-otool does" },
    { "ldd", cli_ldd, "ldd [-r] PROGRAM                          list the images a program loads (-r: and unresolved imports)" },
    { "codesign", cli_codesign, "codesign -v|-dv|-s - ... PATH            check, show or ad-hoc sign a code signature" },
    { "sandbox-exec", cli_sandbox_exec, "sandbox-exec [-f FILE|-n NAME|-p STR] [-D K=V]... CMD [ARGS]  run under an SBPL profile" },
    { "launchd", cli_launchd, "launchd [--foreground] [--dir DIR]...     supervise jobs from launchd property lists" },
    { "launchctl", cli_launchctl, "launchctl SUBCOMMAND ...                  control machrun launchd" },
};

static void usage(FILE *f)
{
    fprintf(f,
        "usage: machrun [options] PROGRAM [ARGS...]\n"
        "       machrun SUBCOMMAND [ARGS...]\n"
        "\n"
        "Run a macOS x86_64 Mach-O program (thin or universal, or a #! script) on Linux.\n"
        "\n"
        "options:\n"
        "  --no-aslr             load the program without an ASLR slide (as lldb asks macOS)\n"
        "  --argv0 NAME          give the program NAME as argv[0] (as qemu-user's -0)\n"
        "  --require-signature   refuse a program whose code signature does not verify\n"
        "  --no-sandbox          do not apply an App Sandbox from the program's entitlements\n"
        "  --enable-sandbox-logging  log each sandbox denial to stderr\n"
        "  --                    end of options\n"
        "  -h, --help            this help\n"
        "  --version             machrun's version\n"
        "\n"
        "subcommands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(f, "  machrun %s\n", subcommands[i].usage);
    fprintf(f, "\nExit status: the program's own; 126 if it cannot be executed, 127 if not found.\n");
}

int main(int argc, char **argv)
{
    if (getenv("DYLD_PRINT_STATISTICS")) /* only then: reading the clock first costs a page fault */
        dyld_launch_start_ns = dyld_now_ns();
    if (argc < 2) {
        usage(stderr);
        return MR_EXIT_USAGE;
    }
    const char *a = argv[1];
    if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
        printf("machrun %s\n", MACHRUN_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (!strcmp(a, subcommands[i].name))
            return subcommands[i].fn(argc - 1, argv + 1);
    }
    return cli_run(argc, argv);
}
