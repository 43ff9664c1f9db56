#!/usr/bin/env bash
# test.sh — the README's second command: install what is needed, build machrun (with
# -Werror), build the test fixtures once, and run the whole suite through CTest.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/setup.sh"
. "$top/scripts/env.sh"
build="${MACHRUN_BUILD_DIR:-$top/build}"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMACHRUN_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
