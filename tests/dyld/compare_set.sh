#!/usr/bin/env bash
# compare_set.sh — run the dyld test set's native build and one macOS flavour under machrun,
# compare stdout and exit status. FILTER (optional, a grep -v pattern) drops lines whose
# result depends on the toolchain rather than on machrun: zig's linker binds a library's
# calls to its own weak definitions directly, so only lld's output shows coalescing.
# usage: compare_set.sh MACHRUN OUT FLAVOUR [FILTER]
set -u
machrun=$1 out=$2 flavour=$3 filter=${4:-}
n=$("$out/native/main"; echo "status $?")
m=$("$machrun" "$out/$flavour/main"; echo "status $?")
if [ -n "$filter" ]; then
  n=$(printf '%s\n' "$n" | grep -v -- "$filter")
  m=$(printf '%s\n' "$m" | grep -v -- "$filter")
fi
if [ "$n" != "$m" ]; then
  diff -u --label native <(printf '%s\n' "$n") --label "machrun ($flavour)" <(printf '%s\n' "$m")
  exit 1
fi
echo "identical ($(printf '%s\n' "$m" | wc -l) lines)"
