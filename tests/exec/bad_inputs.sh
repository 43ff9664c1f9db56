#!/usr/bin/env bash
# bad_inputs.sh — a FIFO, a directory and a device given as the program or as the file of
# each subcommand: machrun answers at once (never blocks on the open) with one line and a
# defined exit status, as macOS's execve answers a FIFO with EACCES.
# Then mutants of a real program that the loader must refuse with 126 before it runs them
# (built here with zig: a constructor, so it has an initializer table).
# usage: bad_inputs.sh MACHRUN WORKDIR [ZIG SRCDIR]
set -u
m=$(realpath "$1") work=$2 zig=${3:-} src=${4:+$(realpath "$4")}
rm -rf "$work"; mkdir -p "$work/dir"; cd "$work" || exit 1
mkfifo fifo
fails=0
# check LABEL WANT_STATUS PATTERN -- command: status and a one-line message matching PATTERN
check() {
  local label=$1 want=$2 pat=$3; shift 4
  local out st
  out=$(timeout 5 "$@" 2>&1 < /dev/null); st=$?
  if [ $st = 124 ]; then echo "FAIL - $label: blocked (killed after 5 s)"; fails=$((fails + 1)); return; fi
  if [ $st != "$want" ] || ! printf '%s' "$out" | grep -q -- "$pat" || [ "$(printf '%s\n' "$out" | wc -l)" != 1 ]; then
    echo "FAIL - $label: status $st (want $want), output: $out"; fails=$((fails + 1)); return
  fi
  echo "ok   - $label: $st, $out"
}
for f in fifo /dev/zero; do
  check "run $f" 126 "not a regular file" -- "$m" "$f"
  check "otool -h $f" 1 "not a regular file" -- "$m" otool -h "$f"
  check "ldd $f" 126 "not a regular file" -- "$m" ldd "$f"
  check "codesign -v $f" 1 "Permission denied" -- "$m" codesign -v "$f"
  check "codesign -d $f" 1 "Permission denied" -- "$m" codesign -d "$f"
  check "sandbox-exec -f $f" 65 "Permission denied" -- "$m" sandbox-exec -f "$f" /bin/true
  check "launchctl lint $f" 1 "not a regular file" -- "$m" launchctl lint "$f"
done
check "run dir" 126 "directory" -- "$m" dir
check "otool -h dir" 1 "is a directory" -- "$m" otool -h dir
check "ldd dir" 126 "directory" -- "$m" ldd dir
check "sandbox-exec -f dir" 65 "Is a directory" -- "$m" sandbox-exec -f dir /bin/true
check "launchctl lint dir" 1 "is a directory" -- "$m" launchctl lint dir
# A huge file that is not Mach-O is refused on its header, not read whole (4 GiB, sparse).
truncate -s 4G huge
start=$(date +%s%N)
check "codesign -v huge" 1 "not signed at all" -- "$m" codesign -v huge
rss=$( { /usr/bin/time -f %M "$m" codesign -v huge >/dev/null 2>/dev/null; } 2>&1 | tail -1)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "${rss:-0}" -gt 65536 ] || [ $ms -gt 4000 ]; then echo "FAIL - codesign -v huge: ${rss} KiB, ${ms} ms"; fails=$((fails + 1)); fi
rm -f huge

if [ -n "$zig" ]; then
  printf '#include <stdio.h>\nvolatile int v;\n__attribute__((constructor)) void init(void) { v = 42; }\nint main(void) { printf("%%d\\n", v); return 0; }\n' > ctor.c
  "$zig" cc -target x86_64-macos -O0 ctor.c -o ctor || { echo "FAIL - cannot build the mutants' base"; exit 1; }
  check "unmutated base" 0 "^42$" -- "$m" ./ctor
  for kind in prot-bits init-noread entry-far; do
    python3 "$src/mutate.py" ctor "ctor.$kind" "$kind" && chmod +x "ctor.$kind" || { fails=$((fails + 1)); continue; }
    check "mutant $kind" 126 "malformed Mach-O" -- "$m" "./ctor.$kind"
  done
fi
[ $fails = 0 ]
