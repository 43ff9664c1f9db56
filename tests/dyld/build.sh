#!/usr/bin/env bash
# build.sh — build the dyld test set three ways into OUT/{zig,lld,native}:
#   main (links lib/libshape through @rpath / $ORIGIN) and lib/plugin (dlopen'ed).
# usage: build.sh SRCDIR OUT ZIG CLANG19 LD64LLD RESOURCE_DIR ZIGDIR
set -euo pipefail
src=$1 out=$2 zig=$3 clang=$4 lld=$5 res=$6 zigdir=$7
inc=(-isystem "$res/include" -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none"
     -isystem "$zigdir/lib/libc/include/any-macos.13-any" -isystem "$zigdir/lib/libc/include/any-macos-any")
tbd="$zigdir/lib/libc/darwin/libSystem.13.tbd"
mkdir -p "$out"/{zig,lld,native}/lib

# zig (dyld-info)
z="$out/zig"
"$zig" cc -target x86_64-macos -O1 -shared -Wl,-install_name,@rpath/libshape.dylib "$src/libshape.c" -o "$z/lib/libshape.dylib"
"$zig" cc -target x86_64-macos -O1 -shared "$src/plugin.c" "$z/lib/libshape.dylib" -o "$z/lib/plugin"
"$zig" cc -target x86_64-macos -O1 "$src/main.c" "$z/lib/libshape.dylib" -Wl,-rpath,@executable_path/lib -o "$z/main"

# clang-19 + ld64.lld-19 (chained fixups, ad-hoc signed)
l="$out/lld"
mac() { "$clang" -target x86_64-apple-macos12 -nostdinc "${inc[@]}" -O1 -fPIC -c "$1" -o "$2"; }
LD=("$lld" -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains -adhoc_codesign)
mac "$src/libshape.c" "$l/libshape.o"
mac "$src/plugin.c" "$l/plugin.o"
mac "$src/main.c" "$l/main.o"
"${LD[@]}" -dylib -install_name @rpath/libshape.dylib "$l/libshape.o" "$tbd" -o "$l/lib/libshape.dylib"
"${LD[@]}" -dylib "$l/plugin.o" "$l/lib/libshape.dylib" "$tbd" -o "$l/lib/plugin"
"${LD[@]}" "$l/main.o" "$l/lib/libshape.dylib" "$tbd" -rpath @executable_path/lib -o "$l/main"

# native
n="$out/native"
gcc -O1 -shared -fPIC "$src/libshape.c" -o "$n/lib/libshape.so"
gcc -O1 -shared -fPIC "$src/plugin.c" "$n/lib/libshape.so" -o "$n/lib/plugin"
gcc -O1 "$src/main.c" -L"$n/lib" -lshape -Wl,-rpath,'$ORIGIN/lib' -ldl -o "$n/main"
