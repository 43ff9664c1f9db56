#!/usr/bin/env bash
# rust_tools.sh — Rust command-line tools shipped as macOS binaries on npm, run under machrun
# and compared byte for byte (stdout, stderr, exit status, and the files they write) with
# their Linux builds of the same version on the same work:
#   biome 2.6.9        format, lint, check, --write, JSON reporter, the daemon (start,
#                      check --use-server, stop: tokio over kqueue, a Unix socket)
#   dprint 0.54.0      Wasm plugins (typescript, json) compiled and run by its JIT (wasmer):
#                      check, fmt, --stdin, a syntax error reported by the plugin
#   rumdl 0.2.22       check, fmt, and check --watch (notify's FSEvents watcher on a CFRunLoop)
#   git-cliff 2.13.1   changelogs from a git repository (libgit2, zlib, CFTimeZone)
#   sherif 1.13.0      monorepo lint and --fix
#   lightningcss 1.33  minify, targets, source maps
#   turbo 2.8.17       run, --dry=json
#   deno 2.9.5         V8's JIT running TypeScript, an HTTP server and client on loopback,
#                      Deno.watchFs, deno fmt/lint/check/test, and run --watch (FSEvents)
#   wizer 10.0.0       wasmtime's JIT pre-initializing a module, and Wasm traps (unreachable,
#                      out of bounds, divide by zero) caught through Mach exception ports
# Both sides run in the same folder (paths in messages agree) with HOME set to a folder of
# their own. Durations, which no two runs share, are replaced by "<T>" before comparing.
# The packages are fetched with `npm pack` into $MACHRUN_CACHE/npm-tools once; a missing
# registry fails the test.
# usage: rust_tools.sh MACHRUN SRCDIR WORKDIR
set -u
machrun=$1 src=$2 work=$3
cache="${MACHRUN_CACHE:-$HOME/.cache/machrun}/npm-tools"
mkdir -p "$cache"  # dprint's plugin cache lives beside the packages
fails=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
unset RUST_BACKTRACE RUST_LOG NO_COLOR FORCE_COLOR CLICOLOR_FORCE
export TZ=UTC LC_ALL=C.UTF-8 TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

. "$(dirname "$0")/../lib/npm_fetch.sh"
fetch() { npm_fetch "$@"; }

rm -rf "$work"; mkdir -p "$work"
run="$work/run"        # where both sides run, in turn
norm='s/[0-9]+(\.[0-9]+)?(ns|µs|us|ms|s)\b/<T>/g; s/\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]/[<T>]/g; s/"(duration|scannerDuration)":[0-9]+/"\1":<T>/g'

# side SIDE TEMPLATE CMD... : copy TEMPLATE to $run, run CMD there, keep its output, status and
# the folder afterwards. stdin comes from $stdin when set.
side() {
  local s=$1 tmpl=$2; shift 2
  rm -rf "$run"; cp -r "$tmpl" "$run"; mkdir -p "$work/home-$s"
  ( cd "$run" && HOME="$work/home-$s" "$@" < "${stdin:-/dev/null}" > "$work/$s.out" 2> "$work/$s.err"; echo $? > "$work/$s.rc" )
  sed -E -i "$norm" "$work/$s.out" "$work/$s.err"
  if [ -n "${SORTED:-}" ]; then # tools that report files in the order their threads finish
    sort -o "$work/$s.out" "$work/$s.out"; sort -o "$work/$s.err" "$work/$s.err"
  fi
  rm -rf "$work/$s.tree"; mv "$run" "$work/$s.tree"
}

# same LABEL TEMPLATE LINUX-BIN MAC-BIN ARGS... : both sides on a copy of TEMPLATE.
same() {
  local label=$1 tmpl=$2 lbin=$3 mbin=$4; shift 4
  side linux "$tmpl" "$lbin" "$@"
  side mac "$tmpl" "$machrun" "$mbin" "$@"
  local lr mr; lr=$(cat "$work/linux.rc") mr=$(cat "$work/mac.rc")
  if [ "$lr" = "$mr" ] && cmp -s "$work/linux.out" "$work/mac.out" && cmp -s "$work/linux.err" "$work/mac.err" &&
     diff -r "$work/linux.tree" "$work/mac.tree" >/dev/null; then
    ok "$label: identical (status $mr, $(wc -c < "$work/mac.out")+$(wc -c < "$work/mac.err") bytes)"
  else
    bad "$label differs (status $lr/$mr)"
    diff "$work/linux.out" "$work/mac.out" | head -8
    diff "$work/linux.err" "$work/mac.err" | head -8
    diff -r "$work/linux.tree" "$work/mac.tree" | head -4
  fi
}

web="$src/rust/web" docs="$src/rust/docs" mono="$src/rust/mono"

# ---- biome ----
bm=$(fetch @biomejs/cli-darwin-x64@2.6.9) || exit 1
bl=$(fetch @biomejs/cli-linux-x64@2.6.9) || exit 1
same "biome --version" "$web" "$bl/biome" "$bm/biome" --version
same "biome format" "$web" "$bl/biome" "$bm/biome" format .
same "biome lint" "$web" "$bl/biome" "$bm/biome" lint .
same "biome check" "$web" "$bl/biome" "$bm/biome" check --max-diagnostics=50 .
same "biome check --reporter=json" "$web" "$bl/biome" "$bm/biome" check --reporter=json .
same "biome check --write --unsafe (files written)" "$web" "$bl/biome" "$bm/biome" check --write --unsafe .
stdin="$web/src/shapes.ts" same "biome format from stdin" "$web" "$bl/biome" "$bm/biome" format --stdin-file-path=x.ts
cat > "$work/daemon.sh" <<'SH'
# The biome daemon: start it, check through it, stop it. Its socket lives under $HOME, whose
# path must fit in a sockaddr_un (104 bytes on Darwin): a short one.
HOME=$(mktemp -d /tmp/mr-biome.XXXXXX)
trap 'rm -rf "$HOME"' EXIT
"$@" start; echo "start: $?"
"$@" check --use-server --max-diagnostics=50 .; echo "check: $?"
# (stop's stderr is left out: biome's own client sometimes reports the connection closing
# under it, on Linux too)
"$@" stop 2>/dev/null; echo "stop: $?"
SH
side linux "$web" bash "$work/daemon.sh" "$bl/biome"
side mac "$web" bash "$work/daemon.sh" "$machrun" "$bm/biome"
if cmp -s "$work/linux.out" "$work/mac.out" && cmp -s "$work/linux.err" "$work/mac.err"; then
  ok "biome daemon (start, check --use-server, stop): identical"
else
  bad "biome daemon differs"; diff "$work/linux.out" "$work/mac.out" | head -8; diff "$work/linux.err" "$work/mac.err" | head -8
fi

# ---- dprint: Wasm plugins through wasmer's JIT ----
dm=$(fetch @dprint/darwin-x64@0.54.0) || exit 1
dl=$(fetch @dprint/linux-x64-glibc@0.54.0) || exit 1
dts=$(fetch @dprint/typescript@0.96.1) || exit 1
djs=$(fetch @dprint/json@0.24.0) || exit 1
dweb="$work/dprint-web"
cp -r "$web" "$dweb"
printf '{ "incremental": false, "plugins": ["%s", "%s"], "excludes": ["broken.ts"] }\n' "$dts/plugin.wasm" "$djs/plugin.wasm" > "$dweb/dprint.json"
djson="$work/dprint-json"
mkdir -p "$djson"; cp "$web/config.json" "$djson/"
printf '{ "incremental": false, "plugins": ["%s"] }\n' "$djs/plugin.wasm" > "$djson/dprint.json"
# The plugins compiled by dprint are kept in the cache, one per side ($DPRINT_CACHE), so that
# the TypeScript plugin (seconds to compile) is compiled once per machine; the JSON-only
# project uses a fresh cache, so its plugin is compiled by every run.
dpl() { DPRINT_CACHE_DIR="${DPRINT_CACHE:-$cache/dprint-cache}-linux" "$dl/dprint" "$@"; }
dpm() { DPRINT_CACHE_DIR="${DPRINT_CACHE:-$cache/dprint-cache}-mac" "$machrun" "$dm/dprint" "$@"; }
export -f dpl dpm
export dl dm machrun cache
cmp_fn() { # label template args... (both sides are shell functions)
  local label=$1 tmpl=$2; shift 2
  side linux "$tmpl" bash -c 'dpl "$@"' dpl "$@"
  side mac "$tmpl" bash -c 'dpm "$@"' dpm "$@"
  if [ "$(cat "$work/linux.rc")" = "$(cat "$work/mac.rc")" ] && cmp -s "$work/linux.out" "$work/mac.out" &&
     cmp -s "$work/linux.err" "$work/mac.err" && diff -r "$work/linux.tree" "$work/mac.tree" >/dev/null; then
    ok "$label: identical (status $(cat "$work/mac.rc"))"
  else
    bad "$label differs (status $(cat "$work/linux.rc")/$(cat "$work/mac.rc"))"
    diff "$work/linux.out" "$work/mac.out" | head -8; diff "$work/linux.err" "$work/mac.err" | head -8
    diff -r "$work/linux.tree" "$work/mac.tree" | head -4
  fi
}
export DPRINT_CACHE="$work/dprint-fresh-cache"
cmp_fn "dprint check, a plugin compiled by the JIT" "$djson" check
cmp_fn "dprint fmt, the compiled plugin loaded again" "$djson" fmt
unset DPRINT_CACHE
cmp_fn "dprint check (typescript and json plugins)" "$dweb" check
cmp_fn "dprint fmt (files written)" "$dweb" fmt
side linux "$dweb" bash -c 'dpl output-file-paths | sort'
side mac "$dweb" bash -c 'dpm output-file-paths | sort'
cmp -s "$work/linux.out" "$work/mac.out" && [ -s "$work/mac.out" ] && ok "dprint output-file-paths: the same files (in the order of its walker threads)" ||
  { bad "dprint output-file-paths differs"; diff "$work/linux.out" "$work/mac.out" | head; }
cmp_fn "dprint output-resolved-config" "$dweb" output-resolved-config
stdin="$web/src/shapes.ts" cmp_fn "dprint fmt --stdin" "$dweb" fmt --stdin x.ts
cmp_fn "dprint: a syntax error reported by the plugin" "$dweb" check --excludes-override "" broken.ts

# ---- rumdl, and its --watch mode on FSEvents ----
rm=$(fetch @rumdl/cli-darwin-x64@0.2.22) || exit 1
rl=$(fetch @rumdl/cli-linux-x64@0.2.22) || exit 1
# (--no-cache: rumdl's cache holds modification times)
# rumdl lints files on several threads and reports each as it finishes: its Linux build
# itself orders them differently about one run in twelve, so lines are compared sorted.
SORTED=1 same "rumdl check (lines sorted)" "$docs" "$rl/rumdl" "$rm/rumdl" check --no-cache .
SORTED=1 same "rumdl check --output-format json (lines sorted)" "$docs" "$rl/rumdl" "$rm/rumdl" check --no-cache --output-format json .
SORTED=1 same "rumdl fmt (files written; lines sorted)" "$docs" "$rl/rumdl" "$rm/rumdl" fmt --no-cache .
cat > "$work/watch.sh" <<'SH'
# rumdl check --watch: a file created and one changed while it watches are linted again.
"$@" check --no-cache --watch . > watch.log 2>&1 &
pid=$!
for _ in $(seq 1 50); do grep -q "Watching for file changes" watch.log 2>/dev/null && break; sleep 0.1; done
printf '# New\n\ntext\n## x\n' > new.md
for _ in $(seq 1 50); do grep -q "new.md" watch.log 2>/dev/null && break; sleep 0.1; done
sleep 0.5
printf '\n* a\n+ b\n' >> guide.md
for _ in $(seq 1 50); do [ "$(grep -c "File change detected" watch.log)" -ge 2 ] && break; sleep 0.1; done
sleep 0.5
kill $pid; wait $pid 2>/dev/null
# The screen clears and the counts of changed files depend on how events were batched; the
# findings after each change do not.
grep -E '^[a-zA-Z]+\.md:' watch.log | sort -u
[ "$(grep -c "Watching for file changes" watch.log)" -ge 3 ] && echo "rounds>=3: yes"
rm watch.log
SH
side linux "$docs" bash "$work/watch.sh" "$rl/rumdl"
side mac "$docs" bash "$work/watch.sh" "$machrun" "$rm/rumdl"
if cmp -s "$work/linux.out" "$work/mac.out" && diff -r "$work/linux.tree" "$work/mac.tree" >/dev/null &&
   grep -q "new.md" "$work/mac.out" && grep -q "rounds>=3: yes" "$work/mac.out"; then
  ok "rumdl check --watch: re-linted a new and a changed file as on Linux ($(wc -l < "$work/mac.out") lines)"
else
  bad "rumdl check --watch differs"; diff "$work/linux.out" "$work/mac.out" | head -10
fi

# ---- git-cliff ----
gm=$(fetch git-cliff-darwin-x64@2.13.1) || exit 1
gl=$(fetch git-cliff-linux-x64@2.13.1) || exit 1
repo="$work/repo"
mkdir -p "$repo"
( cd "$repo" && git init -q -b main . && git config user.email dev@example.com && git config user.name Dev &&
  n=0 && for m in "feat: parse shapes" "fix: handle an empty list" "docs: usage" "feat(cli)!: a --json flag" \
                  "perf: faster areas" "chore: bump"; do
    n=$((n + 1)); echo "$m" >> CHANGES; git add CHANGES
    GIT_COMMITTER_DATE="2024-01-0${n}T12:00:00Z" git commit -q --date="2024-01-0${n}T12:00:00Z" -m "$m"
    if [ $n = 3 ]; then git tag v0.1.0; fi
  done ) || { bad "cannot make the git repository"; }
same "git-cliff (changelog)" "$repo" "$gl/bin/git-cliff" "$gm/bin/git-cliff"
same "git-cliff --context (JSON)" "$repo" "$gl/bin/git-cliff" "$gm/bin/git-cliff" --context
same "git-cliff --bump -u" "$repo" "$gl/bin/git-cliff" "$gm/bin/git-cliff" --bump -u
same "git-cliff --bumped-version" "$repo" "$gl/bin/git-cliff" "$gm/bin/git-cliff" --bumped-version
same "git-cliff -o (file written)" "$repo" "$gl/bin/git-cliff" "$gm/bin/git-cliff" --tag v1.0.0 -o CHANGELOG.md

# ---- sherif ----
sm=$(fetch sherif-darwin-x64@1.13.0) || exit 1
sl=$(fetch sherif-linux-x64@1.13.0) || exit 1
same "sherif" "$mono" "$sl/bin/sherif" "$sm/bin/sherif"
same "sherif --fix (files written)" "$mono" "$sl/bin/sherif" "$sm/bin/sherif" --fix --no-install --select highest

# ---- lightningcss ----
lm=$(fetch lightningcss-cli-darwin-x64@1.33.0) || exit 1
ll=$(fetch lightningcss-cli-linux-x64-gnu@1.33.0) || exit 1
same "lightningcss --minify" "$web" "$ll/lightningcss" "$lm/lightningcss" --minify style.css
same "lightningcss --targets" "$web" "$ll/lightningcss" "$lm/lightningcss" --targets '>= 0.25%' style.css
same "lightningcss --sourcemap -o" "$web" "$ll/lightningcss" "$lm/lightningcss" --minify --sourcemap -o out.css style.css

# ---- turbo ----
tm=$(fetch turbo-darwin-64@2.8.17) || exit 1
tl=$(fetch turbo-linux-64@2.8.17) || exit 1
tmono="$work/turbo-mono"
cp -r "$mono" "$tmono"
( cd "$tmono" && git init -q -b main . && git add -A &&
  GIT_COMMITTER_DATE=2024-01-01T00:00:00Z git -c user.email=dev@example.com -c user.name=Dev commit -q --date=2024-01-01T00:00:00Z -m init )
cat > "$work/turbo.sh" <<'SH'
# turbo run (the tasks run through npm), then a dry run that finds them cached.
"$@" run build --no-daemon; echo "run: $?"
"$@" run build --dry=json --no-daemon | grep -v -e '"id":' -e '"timeSaved":'; echo "dry: $?"
SH
side linux "$tmono" bash "$work/turbo.sh" "$tl/bin/turbo"
side mac "$tmono" bash "$work/turbo.sh" "$machrun" "$tm/bin/turbo"
if cmp -s "$work/linux.out" "$work/mac.out" && cmp -s "$work/linux.err" "$work/mac.err"; then
  ok "turbo run and --dry=json: identical"
else
  bad "turbo differs"; diff "$work/linux.out" "$work/mac.out" | head -10; diff "$work/linux.err" "$work/mac.err" | head -6
fi

# ---- wizer: wasmtime ----
wm=$(fetch @bytecodealliance/wizer-darwin-x64@10.0.0) || exit 1
wl=$(fetch @bytecodealliance/wizer-linux-x64@10.0.0) || exit 1
# (the modules are tiny hand-made ones: init.wasm fills its memory and a global in
# wizer.initialize; the trap_*.wasm ones trap there)
wasm="$src/rust/wasm"
same "wizer: a module pre-initialized (module written)" "$wasm" "$wl/wizer" "$wm/wizer" init.wasm -o out.wasm
for t in unreachable oob div; do
  same "wizer: a Wasm trap ($t) in the JIT's code" "$wasm" "$wl/wizer" "$wm/wizer" trap_$t.wasm -o out.wasm
done

# ---- deno: V8 ----
nm=$(fetch @deno/darwin-x64@2.9.5) || exit 1
nl=$(fetch @deno/linux-x64-glibc@2.9.5) || exit 1
dn="$src/rust/deno"
# (DENO_DIR, its cache of compiled TypeScript, is per side: below HOME, made afresh)
export NO_COLOR=1
same "deno run (a hot loop, TypeScript, Intl, files)" "$dn" "$nl/deno" "$nm/deno" run --allow-read main.ts
same "deno: Deno.serve and fetch on loopback, Deno.watchFs (FSEvents)" "$dn" "$nl/deno" "$nm/deno" run -A serve.ts
SORTED=1 same "deno fmt --check (lines sorted)" "$dn" "$nl/deno" "$nm/deno" fmt --check .
same "deno lint" "$dn" "$nl/deno" "$nm/deno" lint
same "deno check (the TypeScript compiler)" "$dn" "$nl/deno" "$nm/deno" check main.ts
same "deno test (one failing)" "$dn" "$nl/deno" "$nm/deno" test --no-check
SORTED=1 same "deno fmt (files written; lines sorted)" "$dn" "$nl/deno" "$nm/deno" fmt .
cat > "$work/deno-watch.sh" <<'SH'
# deno run --watch: restarted when the script changes.
"$@" run --watch watched.ts > watch.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "version 1" watch.log 2>/dev/null && break; sleep 0.1; done
sleep 0.3
echo 'console.log("version 2");' > watched.ts
for _ in $(seq 1 100); do grep -q "version 2" watch.log 2>/dev/null && break; sleep 0.1; done
sleep 0.3
kill $pid; wait $pid 2>/dev/null
cat watch.log; rm watch.log
SH
side linux "$dn" bash "$work/deno-watch.sh" "$nl/deno"
side mac "$dn" bash "$work/deno-watch.sh" "$machrun" "$nm/deno"
if cmp -s "$work/linux.out" "$work/mac.out" && grep -q "version 2" "$work/mac.out"; then
  ok "deno run --watch: restarted on a change as on Linux"
else
  bad "deno run --watch differs"; diff "$work/linux.out" "$work/mac.out" | head -10
fi
unset NO_COLOR

echo "$fails failed"
[ $fails = 0 ]
