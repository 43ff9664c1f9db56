#!/usr/bin/env bash
# exec_tests.sh — the exec pipeline seen from outside: the activators (thin, fat, arm64-only,
# #! with a Mach-O interpreter, ELF), exit statuses 126/127 with one-line messages, the ASLR
# slide and --no-aslr seen through DYLD_PRINT_SEGMENTS, and the trap of an unimplemented
# import. Each check prints ok/FAIL; the script fails if any check fails.
# usage: exec_tests.sh MACHRUN WORKDIR ZIG CLANG19 LD64LLD RESOURCE_DIR ZIGDIR LIPO SRCDIR
set -u
machrun=$1 work=$2 zig=$3 clang=$4 lld=$5 res=$6 zigdir=$7 lipo=$8 src=$9
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fails=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected [$3], got [$2]"; fi; }
contains() { case "$2" in *"$3"*) ok "$1";; *) bad "$1: [$2] lacks [$3]";; esac; }

"$zig" cc -target x86_64-macos -O1 "$src/printargs.c" -o thin || exit 1
"$zig" cc -target aarch64-macos -O1 "$src/printargs.c" -o arm64 || exit 1
"$lipo" -create thin arm64 -output fat || exit 1

out=$("$machrun" ./thin a "b c"); st=$?
check "thin Mach-O runs with its arguments" "$out|$st" "$(printf '[0] ./thin\n[1] a\n[2] b c')|3"
out=$("$machrun" ./fat a "b c"); st=$?
check "fat (x86_64+arm64) picks the x86_64 slice" "$out|$st" "$(printf '[0] ./fat\n[1] a\n[2] b c')|3"
err=$("$machrun" ./arm64 2>&1 >/dev/null); st=$?
check "arm64-only file exits 126" "$st" 126
check "arm64-only message" "$err" "machrun: ./arm64: no x86_64 code in this file (it has arm64): cannot execute"

printf '#!%s/thin -x\necho not a shell\n' "$work" > script
chmod +x script
out=$("$machrun" ./script one two); st=$?
check "#! script with a Mach-O interpreter" "$out|$st" "$(printf '[0] %s/thin\n[1] -x\n[2] ./script\n[3] one\n[4] two' "$work")|5"
printf '#!%s/script\n' "$work" > script2; chmod +x script2
out=$("$machrun" ./script2 z); st=$?
check "#! script whose interpreter is a script" "$out|$st" "$(printf '[0] %s/thin\n[1] -x\n[2] %s/script\n[3] ./script2\n[4] z' "$work" "$work")|5"

out=$("$machrun" /bin/echo handed to execve); st=$?
check "ELF handed to the real execve" "$out|$st" "handed to execve|0"

err=$("$machrun" ./no-such-file 2>&1); st=$?
check "missing file exits 127" "$st" 127
check "missing file message" "$err" "machrun: ./no-such-file: No such file or directory"
err=$("$machrun" no-such-command-anywhere 2>&1); st=$?
check "unknown command name exits 127" "$st" 127

head -c 300 thin > truncated; chmod +x truncated
err=$("$machrun" ./truncated 2>&1); st=$?
check "truncated Mach-O exits 126 (no crash)" "$st" 126
contains "truncated Mach-O message names the file" "$err" "machrun: ./truncated: malformed Mach-O:"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && ok "truncated Mach-O: one line" || bad "truncated Mach-O: one line: [$err]"

# A header that claims more load commands than the file holds, and a bad cmdsize.
cp thin badcmd; printf '\xff\xff\x00\x00' | dd of=badcmd bs=1 seek=20 conv=notrunc 2>/dev/null; chmod +x badcmd
err=$("$machrun" ./badcmd 2>&1); st=$?
check "sizeofcmds past the end exits 126" "$st" 126
cp thin badsize; printf '\x07\x00\x00\x00' | dd of=badsize bs=1 seek=36 conv=notrunc 2>/dev/null; chmod +x badsize
err=$("$machrun" ./badsize 2>&1); st=$?
check "cmdsize not a multiple of 8 exits 126" "$st" 126
contains "bad cmdsize message names the command" "$err" "load command 0"

cp thin noexec; chmod -x noexec
err=$("$machrun" ./noexec 2>&1); st=$?
check "file without execute permission exits 126" "$st" 126
printf 'plain text\n' > text; chmod +x text
err=$("$machrun" ./text 2>&1); st=$?
check "unknown format exits 126" "$st" 126

text_addr() { DYLD_PRINT_SEGMENTS=1 "$machrun" "$@" ./thin 2>&1 >/dev/null | sed -n 's/^dyld: Mapping __TEXT (\(0x[0-9a-f]*\)->.*/\1/p'; }
seg=$(DYLD_PRINT_SEGMENTS=1 "$machrun" --no-aslr ./thin 2>&1 >/dev/null | grep __TEXT)
check "DYLD_PRINT_SEGMENTS: one line with name, range, protections and path" "$seg" \
  "dyld: Mapping __TEXT (0x000100000000->0x000100002000) r-x ./thin"
a=$(text_addr); b=$(text_addr); c=$(text_addr)
if [ -n "$a" ] && { [ "$a" != "$b" ] || [ "$a" != "$c" ]; }; then ok "ASLR: __TEXT moves between runs ($a $b $c)"; else bad "ASLR: __TEXT at [$a] [$b] [$c]"; fi
a=$(text_addr --no-aslr); b=$(text_addr --no-aslr)
check "--no-aslr: __TEXT at 0x100000000 twice" "$a $b" "0x000100000000 0x000100000000"
pz=$(DYLD_PRINT_SEGMENTS=1 "$machrun" ./thin 2>&1 >/dev/null | grep -c '__PAGEZERO')
check "DYLD_PRINT_SEGMENTS shows __PAGEZERO" "$pz" 1
libs=$(DYLD_PRINT_LIBRARIES=1 "$machrun" ./thin 2>&1 >/dev/null)
contains "DYLD_PRINT_LIBRARIES names libSystem" "$libs" "dyld: loaded: /usr/lib/libSystem.B.dylib"

"$clang" -target x86_64-apple-macos12 -nostdinc -isystem "$res/include" \
  -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none" -isystem "$zigdir/lib/libc/include/any-macos.13-any" \
  -isystem "$zigdir/lib/libc/include/any-macos-any" -c "$src/unimpl.c" -o unimpl.o || exit 1
"$lld" -arch x86_64 -platform_version macos 12.0 12.0 unimpl.o "$zigdir/lib/libc/darwin/libSystem.13.tbd" \
  "$src/MachrunTest.tbd" -o unimpl || exit 1
out=$("$machrun" ./unimpl 2>err.txt); st=$?
check "unimplemented import: the program runs until the call" "$out" "before the call"
check "unimplemented import: death by SIGABRT" "$st" 134
contains "unimplemented import: names symbol, library and caller" "$(cat err.txt)" \
  "machrun: unimplemented: _machrun_test_unimplemented (MachrunTest) called from ./unimpl+0x"

# DYLD_LIBRARY_PATH / DYLD_FRAMEWORK_PATH are searched first; a system library they do not
# hold falls back to its install name, which for MachrunTest is machrun's stand-in.
out=$(DYLD_LIBRARY_PATH="$work" "$machrun" ./unimpl 2>/dev/null); st=$?
check "DYLD_LIBRARY_PATH without the library: the built-in stand-in" "$out|$st" "before the call|134"
out=$(DYLD_FRAMEWORK_PATH="$work" "$machrun" ./unimpl 2>/dev/null); st=$?
check "DYLD_FRAMEWORK_PATH without the framework: the built-in stand-in" "$out|$st" "before the call|134"

out=$("$machrun" ldd ./unimpl); st=$?
contains "ldd lists libSystem as built in" "$out" "/usr/lib/libSystem.B.dylib (compatibility version 1.0.0, current version"
contains "ldd lists an unknown framework as built in without exports" "$out" "MachrunTest (compatibility version"
out=$("$machrun" ldd -r ./unimpl); st=$?
contains "ldd -r lists the unimplemented import" "$out" "unimplemented: _machrun_test_unimplemented (MachrunTest) imported by ./unimpl"
contains "ldd -r counts imports" "$out" "unimplemented: 1"
out=$("$machrun" ldd -r ./thin); st=$?
contains "ldd -r of a program machrun fully implements" "$out|$st" "unimplemented: 0|0"

"$zig" cc -target x86_64-macos -O1 -shared "$src/inserted.c" -o inserted.dylib || exit 1
out=$(DYLD_INSERT_LIBRARIES="$work/inserted.dylib" "$machrun" ./thin x); st=$?
check "DYLD_INSERT_LIBRARIES runs the library first" "$out|$st" "$(printf 'inserted library constructor\n[0] ./thin\n[1] x')|2"
libs=$(DYLD_INSERT_LIBRARIES="$work/inserted.dylib" DYLD_PRINT_LIBRARIES=1 "$machrun" ./thin 2>&1 >/dev/null)
contains "DYLD_PRINT_LIBRARIES shows the inserted library" "$libs" "dyld: loaded: $work/inserted.dylib"
err=$(DYLD_INSERT_LIBRARIES=/no/such.dylib "$machrun" ./thin 2>&1); st=$?
check "a missing inserted library stops the launch (126)" "$st" 126
contains "the message names the library" "$err" "/no/such.dylib"

# check_for_signature: lld signs ad hoc; --require-signature runs it, refuses a copy with one
# byte of __text changed, and refuses an unsigned program.
"$lld" -arch x86_64 -platform_version macos 12.0 12.0 -adhoc_codesign unimpl.o \
  "$zigdir/lib/libc/darwin/libSystem.13.tbd" "$src/MachrunTest.tbd" -o signed || exit 1
"$clang" -target x86_64-apple-macos12 -nostdinc -isystem "$res/include" \
  -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none" -isystem "$zigdir/lib/libc/include/any-macos.13-any" \
  -isystem "$zigdir/lib/libc/include/any-macos-any" -c "$src/printargs.c" -o printargs.o || exit 1
"$lld" -arch x86_64 -platform_version macos 12.0 12.0 -adhoc_codesign printargs.o \
  "$zigdir/lib/libc/darwin/libSystem.13.tbd" -o signed || exit 1
out=$("$machrun" --require-signature ./signed s); st=$?
check "--require-signature runs a valid ad hoc signature" "$out|$st" "$(printf '[0] ./signed\n[1] s')|2"
off=$(llvm-otool-19 -l signed | awk '/sectname __text/{f=1} f&&/offset/{print $2; exit}')
cp signed tampered
printf '\x90' | dd of=tampered bs=1 seek=$((off + 1)) conv=notrunc 2>/dev/null
err=$("$machrun" --require-signature ./tampered 2>&1); st=$?
check "--require-signature refuses a modified __text (126)" "$st" 126
contains "the refusal says the code was modified" "$err" "code or signature have been modified"
err=$("$machrun" --require-signature ./thin 2>&1); st=$?
check "--require-signature refuses an unsigned program" "$st|$err" "126|machrun: ./thin: code object is not signed at all (--require-signature)"
# A changed byte in the header padding (hashed, never executed).
sizeofcmds=$(od -An -tu4 -j20 -N4 signed | tr -d ' ')
cp signed padded
printf '\x01' | dd of=padded bs=1 seek=$((32 + sizeofcmds + 8)) conv=notrunc 2>/dev/null
err=$("$machrun" --require-signature ./padded 2>&1); st=$?
check "--require-signature refuses a change in hashed padding" "$st" 126
out=$("$machrun" ./padded 2>/dev/null | head -1)
check "without --require-signature the modified copy still runs (as on x86_64 macOS)" "$out" "[0] ./padded"

# dyld's compatibility check: a program linked against version 2.0 of a library refuses 1.0.
printf 'int v(void){return 1;}\n' > v.c
printf 'int v(void); int main(void){return v();}\n' > usev.c
cc_mac() { "$clang" -target x86_64-apple-macos12 -nostdinc -isystem "$res/include" \
  -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none" -isystem "$zigdir/lib/libc/include/any-macos.13-any" \
  -isystem "$zigdir/lib/libc/include/any-macos-any" -c "$1" -o "$2"; }
cc_mac v.c v.o && cc_mac usev.c usev.o || exit 1
LDM=("$lld" -arch x86_64 -platform_version macos 12.0 12.0)
"${LDM[@]}" -dylib -install_name @rpath/libv.dylib -compatibility_version 2.0 v.o "$zigdir/lib/libc/darwin/libSystem.13.tbd" -o libv.dylib || exit 1
"${LDM[@]}" usev.o libv.dylib "$zigdir/lib/libc/darwin/libSystem.13.tbd" -rpath @executable_path -o usev || exit 1
out=$("$machrun" ./usev 2>&1); st=$?
check "the library at the version linked against loads" "$st" 1
"${LDM[@]}" -dylib -install_name @rpath/libv.dylib -compatibility_version 1.0 v.o "$zigdir/lib/libc/darwin/libSystem.13.tbd" -o libv.dylib || exit 1
err=$("$machrun" ./usev 2>&1); st=$?
check "an older compatibility version stops the launch (126)" "$st" 126
contains "the message says which versions" "$err" "requires version 2.0.0 or later"

# Fixups in a read-only segment (chained and dyld-info): made writable, then read-only again.
cc_mac "$src/ro_segment.c" ro.o || exit 1
for fx in -fixup_chains -no_fixup_chains; do
  "${LDM[@]}" $fx -segprot __ROPTRS r r ro.o "$zigdir/lib/libc/darwin/libSystem.13.tbd" -o "ro$fx" || exit 1
  out=$("$machrun" "./ro$fx" 2>&1); st=$?
  check "fixups in a read-only segment, which stays read-only ($fx)" "$st|$out" \
    "0|$(printf 'read-only pointers fixed up\n42 1\na write faults')"
done

# The image's descriptor is closed once mapped: a program's first open gets the descriptor it
# gets natively (3 when nothing else is open), also when started through a #! script.
"$zig" cc -target x86_64-macos -O1 "$src/first_fd.c" -o first_fd || exit 1
gcc -O1 "$src/first_fd.c" -o first_fd.native || exit 1
native=$(./first_fd.native)
check "a program's first descriptor is the native one" "$("$machrun" ./first_fd)" "$native"
printf '#!%s/first_fd\n' "$work" > fdscript; chmod +x fdscript
check "a #! script's interpreter gets it too" "$("$machrun" ./fdscript)" "$native"

# DYLD_PRINT_STATISTICS: dyld's breakdown of the pre-main time on stderr; stdout is the program's.
err=$(DYLD_PRINT_STATISTICS=1 "$machrun" ./thin a 2>&1 >/dev/null); st=$?
contains "DYLD_PRINT_STATISTICS prints the total" "$err" "Total pre-main time:"
contains "DYLD_PRINT_STATISTICS prints the binding share" "$err" "rebase/binding time:"
out=$(DYLD_PRINT_STATISTICS=1 "$machrun" ./thin a 2>/dev/null)
check "DYLD_PRINT_STATISTICS leaves stdout alone" "$out|$st" "$(printf '[0] ./thin\n[1] a')|2"

echo "$fails failed"
[ "$fails" = 0 ]
