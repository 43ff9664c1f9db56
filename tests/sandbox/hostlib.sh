#!/bin/sh
# hostlib.sh MACHRUN SRCDIR — a Mach-O program using libz.1.dylib under deny-default profiles:
# machrun serves libz from the host's libz.so.1, opened on first use (src/hostlib), which the
# sandbox must let it read (as macOS lets dyld map its shared cache) while the profile still
# decides everything else — with Landlock alone, and with the supervisor engaged.
set -u
M=$1; SRC=$2
. "$(dirname "$0")/../../scripts/env.sh"
T=$(mktemp -d /tmp/mrsbh.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
cat > "$T/libz.tbd" <<TBD
--- !tapi-tbd
tbd-version:     4
targets:         [ x86_64-macos ]
install-name:    '/usr/lib/libz.1.dylib'
current-version: 1.2.12
exports:
  - targets:         [ x86_64-macos ]
    symbols:         [ _zlibVersion, _compress, _uncompress ]
...
TBD
"$ZIG" cc -target x86_64-macos "$SRC/zlib_user.c" "$T/libz.tbd" -o "$T/z" 2> "$T/cc" || { cat "$T/cc"; exit 1; }
mkdir -p "$T/mine" "$T/other"; echo a > "$T/mine/a"; echo b > "$T/other/b"
fails=0
for form in landlock supervised; do
    {
        echo '(version 1)'; echo '(deny default)'; echo '(allow process-exec)'; echo '(allow file-read-metadata)'
        echo "(allow file-read* (literal \"$T/z\") (subpath \"$T/mine\"))"
        [ $form = supervised ] && echo "(deny file-read* (regex #\"^$T/mine/never.*\"))"
    } > "$T/$form.sb"
    out=$("$M" sandbox-exec -f "$T/$form.sb" "$T/z" "$T/mine/a" "$T/other/b" 2>&1); rc=$?
    want="zlib 1: compress 0 uncompress 0 round trip ok
open a: ok
open b: denied"
    if [ $rc = 0 ] && [ "$out" = "$want" ]; then echo "ok   - libz in a sandbox ($form)"
    else echo "FAIL - libz in a sandbox ($form): status $rc"; echo "$out"; fails=$((fails + 1)); fi
done
[ $fails = 0 ]
