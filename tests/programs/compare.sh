#!/usr/bin/env bash
# compare.sh — one differential test: run a program's native Linux build directly and its
# macOS build under machrun, in the same fresh folder, with the same argv[0], arguments,
# standard input and environment, and require identical stdout, stderr and exit status
# (death by a signal included). With NAME.expected (and optionally NAME.status) the macOS
# run is compared with that file instead of a native run.
#
# usage: compare.sh MACHRUN NAME MACHO NATIVE|- SRCDIR
set -u
machrun=$1 name=$2 macho=$3 native=$4 srcdir=$5

work=$(mktemp -d "${TMPDIR:-/tmp}/machrun-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT

args=()
if [ -f "$srcdir/$name.args" ]; then
  # one argument per line (so arguments may hold spaces)
  while IFS= read -r line || [ -n "$line" ]; do args+=("$line"); done < "$srcdir/$name.args"
fi
stdin=/dev/null
[ -f "$srcdir/$name.stdin" ] && stdin="$srcdir/$name.stdin"
envs=(PATH=/usr/local/bin:/usr/bin:/bin HOME="$work" LANG=C LC_ALL=C TZ=UTC MACHRUN_TEST=1)
if [ -f "$srcdir/$name.env" ]; then
  while IFS= read -r line || [ -n "$line" ]; do [ -n "$line" ] && envs+=("$line"); done < "$srcdir/$name.env"
fi
tlimit=${MACHRUN_TEST_TIMEOUT:-60}

run() { # label, then the command
  local label=$1; shift
  mkdir -p "$work/$label"
  ( cd "$work/run" && exec env -i "${envs[@]}" timeout -s KILL "$tlimit" "$@" ) \
      < "$stdin" > "$work/$label/stdout" 2> "$work/$label/stderr"
  echo "exit status $?" > "$work/$label/status"
}

# Both runs go through the same `bash -c 'exec -a'` so they see the same argv[0] and the
# same environment (bash adds PWD and SHLVL).
mkdir -p "$work/run"
if [ "$native" != "-" ]; then
  run native bash -c 'exec -a "$0" "$@"' "$name" "$native" "${args[@]}"
else
  mkdir -p "$work/native"
  cp "$srcdir/$name.expected" "$work/native/stdout"
  : > "$work/native/stderr"
  [ -f "$srcdir/$name.expected_stderr" ] && cp "$srcdir/$name.expected_stderr" "$work/native/stderr"
  echo "exit status $(cat "$srcdir/$name.status" 2>/dev/null || echo 0)" > "$work/native/status"
fi
rm -rf "$work/run"; mkdir -p "$work/run"
run macos bash -c 'exec -a "$0" "$@"' "$name" "$machrun" --argv0 "$name" "$macho" "${args[@]}"

fail=0
for f in stdout stderr status; do
  if ! cmp -s "$work/native/$f" "$work/macos/$f"; then
    echo "--- $f differs (native Linux build vs macOS build under machrun):"
    diff -u --label "native/$f" --label "machrun/$f" "$work/native/$f" "$work/macos/$f" | head -60
    fail=1
  fi
done
[ $fail = 0 ] && echo "identical: stdout $(wc -c < "$work/macos/stdout") bytes, stderr $(wc -c < "$work/macos/stderr") bytes, $(cat "$work/macos/status")"
exit $fail
