#!/usr/bin/env bash
# demo.sh — the README's first command: install what is needed, build machrun, build
# examples/hello.c for macOS with zig and run it with machrun.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/setup.sh"
. "$top/scripts/env.sh"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build" -j"$(nproc)" --target machrun >/dev/null
"$ZIG" cc -target x86_64-macos "$top/examples/hello.c" -o "$top/build/hello.macho"
echo "\$ file build/hello.macho"
file "$top/build/hello.macho" | sed "s|$top/||"
echo "\$ build/machrun build/hello.macho one 'two words'"
"$top/build/machrun" "$top/build/hello.macho" one "two words"
