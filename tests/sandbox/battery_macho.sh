#!/bin/sh
# battery_macho.sh MACHRUN SOURCE — the escape battery as a Mach-O program (zig cc
# -target x86_64-macos) under `machrun sandbox-exec`, which runs it through machrun's own
# run pipeline inside the sandbox. Skipped (77) while that pipeline cannot run it yet.
set -u
M=$1; SRC=$2
. "$(dirname "$0")/../../scripts/env.sh"
[ -x "$ZIG" ] || { echo "zig not installed: skipped"; exit 77; }
T=$(mktemp -d /tmp/mrsbm.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
"$ZIG" cc -target x86_64-macos "$SRC" -o "$T/battery" 2> "$T/cc" || { cat "$T/cc"; exit 1; }
mkdir -p "$T/pub" "$T/secret" "$T/rw"
echo p > "$T/pub/p.txt"; echo s > "$T/secret/s.txt"; echo k > "$T/rw/keep"
"$M" "$T/battery" "read:$T/pub/p.txt" > "$T/probe" 2>&1
if grep -q "unimplemented" "$T/probe"; then
    echo "the run pipeline cannot run the Mach-O battery yet: $(head -1 "$T/probe")"; exit 77
fi
cat > "$T/p.sb" <<SB
(version 1)
(allow default)
(deny file-read* (subpath (string-append (param "T") "/secret")))
(deny file-write* (require-all (subpath (param "T")) (require-not (subpath (string-append (param "T") "/rw")))))
(deny file-write* (literal (string-append (param "T") "/rw/keep")))
(deny process-fork)
SB
cat > "$T/e" <<X
read:$T/pub/p.txt ok
read:$T/secret/s.txt EPERM
create:$T/rw/new ok
create:$T/pub/new EPERM
write:$T/rw/keep EPERM
unlink:$T/rw/keep EPERM
rename:$T/rw/new:$T/pub/new EPERM
mkdir:$T/rw/d ok
fork EPERM
X
"$M" sandbox-exec -f "$T/p.sb" -D T="$T" "$T/battery" $(cut -d' ' -f1 "$T/e") > "$T/a" 2>&1
diff -u "$T/e" "$T/a" && echo "ok: Mach-O battery ($(wc -l < "$T/e") operations)"
