#!/usr/bin/env bash
# otool_tests.sh — `machrun otool` against llvm-otool-19, byte for byte, on binaries of every
# shape built here (zig dyld-info, lld chained fixups + ad hoc signature, dylibs with rpath,
# weak and re-exported libraries, universal x86_64+arm64, an arm64 slice, a Go binary with
# LC_UNIXTHREAD), on files gen_macho.py synthesises with the load commands linkers do not
# emit (and llvm-otool's "Incorrect size" / "(past end of file)" annotations), and on the
# macOS binaries of esbuild and ast-grep from npm; files LLVM's reader refuses must be refused
# (status 1, one line on stderr, nothing on stdout); then hundreds of truncated and
# byte-flipped variants, which must give exit status 0 or 1 and never a signal or a hang.
# usage: otool_tests.sh MACHRUN WORK SRC ZIG CLANG LD64LLD RESOURCE_DIR ZIGDIR LIPO GO
set -u
machrun=$1 work=$2 src=$3 zig=$4 clang=$5 lld=$6 res=$7 zigdir=$8 lipo=$9 go=${10}
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fails=0
inc=(-isystem "$res/include" -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none"
     -isystem "$zigdir/lib/libc/include/any-macos.13-any" -isystem "$zigdir/lib/libc/include/any-macos-any")
tbd="$zigdir/lib/libc/darwin/libSystem.13.tbd"
LD=("$lld" -arch x86_64 -platform_version macos 12.0 12.0)

"$zig" cc -target x86_64-macos -O1 -shared -Wl,-install_name,@rpath/libl.dylib "$src/lib.c" -o libl.dylib || exit 1
"$zig" cc -target x86_64-macos -O1 "$src/prog.c" libl.dylib -Wl,-rpath,@executable_path -o zig_prog || exit 1
"$zig" cc -target aarch64-macos -O1 "$src/prog.c" libl.dylib -o arm64_prog 2>/dev/null ||
  "$zig" cc -target aarch64-macos -O1 -shared "$src/lib.c" -o arm64_prog || exit 1
"$clang" -target x86_64-apple-macos12 -nostdinc "${inc[@]}" -O1 -c "$src/prog.c" -o prog.o || exit 1
"$clang" -target x86_64-apple-macos12 -nostdinc "${inc[@]}" -O1 -c "$src/lib.c" -o lib.o || exit 1
"${LD[@]}" -dylib -install_name /opt/lib/libl.dylib -current_version 3.2.1 -compatibility_version 2.0 lib.o "$tbd" -o lld_lib.dylib || exit 1
"${LD[@]}" -dylib -install_name @rpath/libre.dylib lib.o "$tbd" -reexport_library lld_lib.dylib -o lld_reexport.dylib || exit 1
"${LD[@]}" -fixup_chains -adhoc_codesign prog.o "$tbd" -weak_library lld_lib.dylib -rpath @loader_path/../lib -rpath /usr/local/lib -o lld_prog || exit 1
"$lipo" -create zig_prog arm64_prog -output fat_prog || exit 1
# What else ld64.lld writes: LC_SUB_FRAMEWORK (-umbrella), LC_DYLD_ENVIRONMENT (-dyld_env), a
# bundle, a non-PIE program with a created section, classic binding (-no_fixup_chains), and an
# object file with LC_LINKER_OPTION (#pragma comment under -fms-extensions).
"${LD[@]}" -dylib -install_name /F/Sub.framework/Sub -umbrella Umb lib.o "$tbd" -o umbrella_sub.dylib || exit 1
"${LD[@]}" prog.o "$tbd" umbrella_sub.dylib -dyld_env DYLD_LIBRARY_PATH=/opt/lib -o dyldenv_prog || exit 1
"${LD[@]}" -bundle prog.o "$tbd" lld_lib.dylib -o lld_bundle.so || exit 1
"${LD[@]}" -no_pie -no_fixup_chains prog.o "$tbd" lld_lib.dylib -sectcreate __TEXT __info_plist "$src/lib.c" -o nopie_prog || exit 1
printf '#pragma comment(lib, "z")\n#pragma comment(linker, "-framework Foundation")\nint f(void) { return 1; }\n' > lo.c
"$clang" -target x86_64-apple-macos12 -nostdinc "${inc[@]}" -fms-extensions -c lo.c -o linkopt.o || exit 1
mkdir -p gosrc && printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("go") }\n' > gosrc/main.go &&
  printf 'module g\ngo 1.19\n' > gosrc/go.mod &&
  ( cd gosrc && GOOS=darwin GOARCH=amd64 CGO_ENABLED=0 GOCACHE="${MACHRUN_CACHE:-$HOME/.cache/machrun}/go-build" GOTOOLCHAIN=local "$go" build -o ../go_prog . ) || exit 1

python3 "$src/gen_macho.py" syn > syn.list || exit 1
files=(zig_prog libl.dylib arm64_prog lld_lib.dylib lld_reexport.dylib lld_prog fat_prog go_prog prog.o linkopt.o
       umbrella_sub.dylib dyldenv_prog lld_bundle.so nopie_prog)
while read -r f; do case $f in */syn_*) files+=("$f") ;; esac; done < syn.list
cache="${MACHRUN_CACHE:-$HOME/.cache/machrun}/npm-tools"
for p in "@esbuild_darwin-x64@0.28.2/package/bin/esbuild" "@ast-grep_cli-darwin-x64@0.51.1/package/ast-grep"; do
  [ -f "$cache/$p" ] && files+=("$cache/$p")
done
for f in "${files[@]}"; do
  for flags in -h -l -L -f -hlL -lf "-arch arm64 -l" "-arch x86_64 -hL"; do
    if diff <(llvm-otool-19 $flags "$f" 2>&1) <("$machrun" otool $flags "$f" 2>&1) > diff.txt; then :; else
      echo "FAIL - otool $flags $(basename "$f") differs from llvm-otool-19:"; head -10 diff.txt; fails=$((fails + 1))
    fi
  done
done
echo "compared ${#files[@]} files x 8 flag sets with llvm-otool-19: $fails differ"

# Files LLVM's reader refuses, one problem each: both must refuse them.
nbad=0 badfails=0
while read -r f; do
  case $f in */bad_*) ;; *) continue ;; esac
  nbad=$((nbad + 1))
  llvm-otool-19 -l "$f" > llvm.out 2>&1
  "$machrun" otool -l "$f" > mr.out 2> mr.err; rc=$?
  if ! grep -q 'truncated or malformed' llvm.out; then
    echo "FAIL - llvm-otool-19 no longer refuses $(basename "$f"): $(head -1 llvm.out)"; badfails=$((badfails + 1))
  elif [ $rc != 1 ] || [ -s mr.out ] || [ "$(wc -l < mr.err)" != 1 ]; then
    echo "FAIL - machrun otool accepted $(basename "$f") (status $rc): $(head -2 mr.out mr.err)"; badfails=$((badfails + 1))
  fi
done < syn.list
# Several files at once: each in turn; one that is not an object is said so on stdout and the
# run goes on; the first malformed or missing one ends the run with status 1.
for set in "syn/syn_vmin_ios.macho fat_prog lld_prog" "syn/syn_notmacho.macho syn/syn_vmin_tvos.macho" \
           "syn/bad_uuid_size.macho syn/syn_vmin_ios.macho" "missing-file syn/syn_vmin_ios.macho"; do
  for flags in -h -lL -f; do
    # shellcheck disable=SC2086
    if ! diff <(llvm-otool-19 $flags $set 2>/dev/null; echo "status $?") \
              <("$machrun" otool $flags $set 2>/dev/null; echo "status $?") > diff.txt; then
      echo "FAIL - otool $flags $set differs from llvm-otool-19:"; head -6 diff.txt; badfails=$((badfails + 1))
    fi
  done
done
echo "$nbad malformed files refused by both, and 4 sets of several files: $badfails failures"
fails=$((fails + badfails))

# Robustness: deterministic corruptions of real files.
python3 - "$machrun" zig_prog lld_prog fat_prog lld_reexport.dylib go_prog syn/syn_all.macho syn/syn_thread.macho \
  syn/syn_core.macho syn/syn_i386.macho syn/syn_arm64.macho syn/syn_fat_arm64_i386.macho <<'PY'
import os, random, subprocess, sys
machrun, files = sys.argv[1], sys.argv[2:]
rng = random.Random(20261123)
bad = n = same = refused = differ = 0
for f in files:
    data = open(f, 'rb').read()
    for k in range(60):
        b = bytearray(data)
        if k % 3 == 0:
            b = b[:rng.randrange(0, min(len(b), 20000))]
        else:
            for _ in range(rng.randrange(1, 8)):
                pos = rng.randrange(0, min(len(b), 4096 if k % 2 else len(b)))
                b[pos] = rng.randrange(256)
        path = f + '.mut'
        open(path, 'wb').write(b)
        n += 1
        try:
            r = subprocess.run([machrun, 'otool', '-h', '-l', '-L', '-f', path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=10)
            if r.returncode not in (0, 1):
                bad += 1
                print(f'FAIL - {f} mutation {k}: status {r.returncode} {r.stderr[:200]!r}')
                continue
        except subprocess.TimeoutExpired:
            bad += 1
            print(f'FAIL - {f} mutation {k}: hang')
            continue
        # Differential: what llvm-otool-19 refuses machrun refuses, and what it prints machrun
        # prints byte for byte.
        l = subprocess.run(['llvm-otool-19', '-h', '-l', '-L', '-f', path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        lref, mref = b'error' in l.stderr, r.returncode != 0
        if lref and mref:
            refused += 1
        elif lref != mref or l.stdout != r.stdout:
            differ += 1
            what = 'only llvm-otool refuses' if lref else 'only machrun refuses' if mref else 'output differs'
            print(f'FAIL - {f} mutation {k}: {what}: {(l.stderr if lref else r.stderr)[:160]!r}')
        else:
            same += 1
print(f'{n} corrupted files: {bad} crashed or hung; against llvm-otool-19: {same} printed identically, '
      f'{refused} refused by both, {differ} disagree')
sys.exit(1 if bad or differ else 0)
PY
rob=$?
[ $fails = 0 ] && [ $rob = 0 ]
