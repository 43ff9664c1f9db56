#!/usr/bin/env bash
# launch-order.sh — regenerate bench/launch-order.ld, the order in which machrun's text is
# laid out so that a launch touches few pages of it (see bench/launch_order.py and
# docs/performance.md). Run it after changes to the launch path; it needs valgrind and perf.
# Scenarios, in priority order: a C hello, a threaded C program, C++ exceptions, a Go program,
# and the npm tools' --version when they are in the cache (bench/run.sh fetches them).
# usage: bench/launch-order.sh
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$top/scripts/env.sh"
for t in valgrind perf; do command -v $t >/dev/null || { echo "launch-order: needs $t" >&2; exit 1; }; done
build="$top/build-order"
work="$build/launch-order"
mkdir -p "$work"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMACHRUN_FUZZ=OFF \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,-Map=$build/machrun.map" >/dev/null
link() { cmake --build "$build" -j"$(nproc)" --target machrun >/dev/null 2>&1; nm "$build/machrun" > "$work/nm"; }
machrun="$build/machrun"

# The scenarios' programs.
"$ZIG" cc -target x86_64-macos -O2 "$top/bench/programs/launch.c" -o "$work/hello"
"$ZIG" cc -target x86_64-macos -O2 "$top/bench/programs/threads.c" -o "$work/threads"
"$ZIG" c++ -target x86_64-macos -O1 "$top/tests/programs/cxx_exceptions.cpp" -o "$work/cxx"
scen=("$work/hello" "$work/threads" "$work/cxx")
if [ -x /usr/lib/go-1.19/bin/go ]; then
  (cd "$top/tests/go/basic" && GOOS=darwin GOARCH=amd64 GOCACHE="$work/gocache" /usr/lib/go-1.19/bin/go build -o "$work/gobasic" .) \
    && scen+=("$work/gobasic")
fi
tools="$MACHRUN_CACHE/npm-tools"
for t in "@esbuild_darwin-x64@0.28.2/package/bin/esbuild --version" \
         "@ast-grep_cli-darwin-x64@0.51.1/package/ast-grep --version"; do
  [ -x "$tools/${t%% *}" ] && scen+=("$tools/$t")
done

run_callgrind() {
  local i=0 args=()
  for s in "${scen[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no \
      --callgrind-out-file="$work/cg.$i" "$machrun" $s >/dev/null 2>&1 </dev/null || true
    args+=(--callgrind "$work/cg.$i")
  done
  printf '%s\n' "${args[@]}"
}
run_faults() { # text faults inside machrun, on the real kernel (vDSO set-up included)
  local i=0
  for s in "${scen[@]}"; do
    i=$((i + 1))
    for out in /dev/null "$work/out.txt"; do
      # shellcheck disable=SC2086
      perf record -q -e page-faults -c 1 -o "$work/pf.data" "$machrun" $s >"$out" 2>/dev/null </dev/null || true
      perf script -i "$work/pf.data" -F ip,sym,symoff,dso 2>/dev/null | grep "($machrun)" >> "$work/faults.$i" || true
    done
  done
}

# Callgrind runs on the first link: its addresses are that link's.
# On any failure, put the committed profile back rather than leave a broken one.
trap '[ -s "$top/bench/launch-order.ld" ] || git -C "$top" checkout -- bench/launch-order.ld' EXIT
printf 'SECTIONS { .text.launch : { } } INSERT BEFORE .text;\n' > "$top/bench/launch-order.ld"
link
cp "$build/machrun.map" "$work/map.0"; cp "$work/nm" "$work/nm.0"
mapfile -t cg < <(run_callgrind)
args=(--map "$work/map.0" "$work/nm.0" "${cg[@]}")
# Then what the real kernel runs and valgrind does not, found as text faults of each ordered
# link, until a pass adds nothing (at most six passes).
count=-1
for pass in 1 2 3 4 5 6; do
  python3 "$top/bench/launch_order.py" "${args[@]}" > "$top/bench/launch-order.ld"
  now=$(grep -c '^    \*' "$top/bench/launch-order.ld")
  [ "$now" = "$count" ] && break
  count=$now
  link
  cp "$build/machrun.map" "$work/map.$pass"; cp "$work/nm" "$work/nm.$pass"
  rm -f "$work"/faults.*
  run_faults
  args+=(--map "$work/map.$pass" "$work/nm.$pass")
  for f in "$work"/faults.*; do cp "$f" "$work/pass$pass.${f##*/}"; args+=(--faults "$work/pass$pass.${f##*/}"); done
done
link
head -2 "$top/bench/launch-order.ld" | tail -1
