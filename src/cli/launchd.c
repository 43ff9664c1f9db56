/*
 * launchd.c — `machrun launchd [--foreground] [--dir DIR]...`: the supervisor of one domain.
 * Default folder: $XDG_CONFIG_HOME/machrun/LaunchAgents (~/.config/...), or
 * /etc/machrun/LaunchDaemons for root.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/cli.h"
#include "machrun/launchd.h"

int cli_launchd(int argc, char **argv)
{
    bool fg = false;
    char *dirs[64];
    int nd = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--foreground"))
            fg = true;
        else if (!strcmp(argv[i], "--dir") && i + 1 < argc && nd < 64)
            dirs[nd++] = argv[++i];
        else {
            fprintf(stderr, "usage: machrun launchd [--foreground] [--dir DIR]...\n");
            return MR_EXIT_USAGE;
        }
    }
    static char def[PATH_MAX];
    if (nd == 0) {
        const char *cfg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
        if (getuid() == 0 && !cfg)
            snprintf(def, sizeof def, "/etc/machrun/LaunchDaemons");
        else if (cfg && *cfg)
            snprintf(def, sizeof def, "%s/machrun/LaunchAgents", cfg);
        else
            snprintf(def, sizeof def, "%s/.config/machrun/LaunchAgents", home ? home : "");
        dirs[nd++] = def;
    }
    return launchd_run(dirs, nd, fg);
}
