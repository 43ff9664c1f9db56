#!/usr/bin/env bash
# build.sh — the codesign tests' fixtures, from hello.c, into OUT:
#   hello.lld        clang-19 + ld64.lld-19 -adhoc_codesign (linker-signed, chained fixups)
#   hello.lld.arm64  the same for arm64
#   hello.zig        zig cc, unsigned, with header padding for LC_CODE_SIGNATURE
#   hello.zig.nopad  zig cc, unsigned, no room for another load command
#   hello.fat        universal: hello.lld + hello.lld.arm64 (llvm-lipo-19)
#   hello.fat.mixed  universal: hello.zig (unsigned) + hello.lld.arm64
# usage: build.sh SRCDIR OUT ZIG CLANG19 LD64LLD RESOURCE_DIR ZIGDIR LIPO
set -euo pipefail
src=$1 out=$2 zig=$3 clang=$4 lld=$5 res=$6 zigdir=$7 lipo=$8
inc=(-isystem "$res/include" -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none"
     -isystem "$zigdir/lib/libc/include/any-macos.13-any" -isystem "$zigdir/lib/libc/include/any-macos-any")
inc_arm=(-isystem "$res/include" -isystem "$zigdir/lib/libc/include/aarch64-macos.13-none"
     -isystem "$zigdir/lib/libc/include/any-macos.13-any" -isystem "$zigdir/lib/libc/include/any-macos-any")
tbd="$zigdir/lib/libc/darwin/libSystem.13.tbd"
mkdir -p "$out"
"$clang" -target x86_64-apple-macos12 -nostdinc "${inc[@]}" -O1 -c "$src/hello.c" -o "$out/hello.o"
"$lld" -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains -adhoc_codesign "$out/hello.o" "$tbd" -o "$out/hello.lld"
"$clang" -target arm64-apple-macos12 -nostdinc "${inc_arm[@]}" -O1 -c "$src/hello.c" -o "$out/hello.arm64.o"
"$lld" -arch arm64 -platform_version macos 12.0 12.0 -adhoc_codesign "$out/hello.arm64.o" "$tbd" -o "$out/hello.lld.arm64"
"$zig" cc -target x86_64-macos -O1 "$src/hello.c" -Wl,-headerpad,0x400 -o "$out/hello.zig"
"$zig" cc -target x86_64-macos -O1 "$src/hello.c" -o "$out/hello.zig.nopad"
rm -f "$out/hello.fat" "$out/hello.fat.mixed"
"$lipo" -create "$out/hello.lld" "$out/hello.lld.arm64" -output "$out/hello.fat"
"$lipo" -create "$out/hello.zig" "$out/hello.lld.arm64" -output "$out/hello.fat.mixed"
