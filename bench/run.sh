#!/usr/bin/env bash
# run.sh — machrun against native Linux, side by side, in one run. Each program in
# bench/programs is built twice by the same compiler at the same optimisation level:
# `zig cc -target x86_64-macos -O2` (run under machrun) and `zig cc -target x86_64-linux-gnu
# -O2` (run directly), so that a ratio measures machrun, not the compiler. Prints a markdown
# table: hyperfine means and spreads, their ratio, instruction counts from perf where the
# machine supports them, and max RSS of each side.
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
machrun="$build/machrun"
out="$build/bench"; mkdir -p "$out"
for src in "$top"/bench/programs/*.c; do
  n=$(basename "$src" .c)
  "$ZIG" cc -target x86_64-macos -O2 "$src" -o "$out/$n.macho"
  "$ZIG" cc -target x86_64-linux-gnu -O2 "$src" -o "$out/$n.linux" -lpthread
done
perf_ok=0
if command -v perf >/dev/null && perf stat -e instructions -x, true 2>&1 | grep -q '^[0-9]'; then perf_ok=1; fi

json() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f" % (r["mean"]*1000, r["stddev"]*1000))' "$1"; }
insns() { [ $perf_ok = 1 ] && perf stat -e instructions -x, "$@" 2>&1 >/dev/null | awk -F, '/instructions/{print $1}' || echo "-"; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '| benchmark | native ms (±) | machrun ms (±) | ratio | native insns | machrun insns | native RSS KiB | machrun RSS KiB |\n'
printf '|---|---|---|---|---|---|---|---|\n'
row() { # name, then the two command lines separated by --
  local name=$1; shift
  local -a nat=() mac=(); local side=nat
  for a in "$@"; do if [ "$a" = "--" ]; then side=mac; continue; fi; if [ $side = nat ]; then nat+=("$a"); else mac+=("$a"); fi; done
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/$name.n.json" "$(printf '%q ' "${nat[@]}")" >/dev/null 2>&1
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/$name.m.json" "$(printf '%q ' "${mac[@]}")" >/dev/null 2>&1
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
