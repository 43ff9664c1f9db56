#!/usr/bin/env bash
# build.sh — build the cross-image C++ test set into OUT/{lld,native}: main (links
# lib/libcxxshape through @rpath / $ORIGIN) and lib/plugin (dlopen'ed, links libcxxshape too).
#   lld:    clang-19 + ld64.lld-19 (chained fixups) against libc++'s headers and the libc++.tbd
#           of tests/programs.cmake: every image binds the shipped libc++.1.dylib, as Xcode links.
#   native: g++ -fPIC -shared, the oracle.
# There is no zig flavour: zig c++ links libc++ statically into each image, with its typeinfo
# hidden (private external), so each image has its own std::runtime_error & co. and a
# std:: exception thrown in one image is not caught by its base class in another — on macOS
# too. The single-image C++ programs of tests/programs cover zig's libc++.
# usage: build.sh SRCDIR OUT CLANG19 LD64LLD RESOURCE_DIR ZIGDIR LIBROOT LIBCXX_TBD
set -euo pipefail
src=$1 out=$2 clang=$3 lld=$4 res=$5 zigdir=$6 libroot=$7 cxxtbd=$8
inc=(-nostdinc -nostdinc++ -isystem "$libroot/usr/include/c++/v1" -isystem "$res/include"
     -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none"
     -isystem "$zigdir/lib/libc/include/any-macos.13-any" -isystem "$zigdir/lib/libc/include/any-macos-any")
tbd="$zigdir/lib/libc/darwin/libSystem.13.tbd"
mkdir -p "$out"/{lld,native}/lib

# clang-19 + ld64.lld-19 (chained fixups, ad-hoc signed)
l="$out/lld"
mac() { "$clang" -target x86_64-apple-macos12 "${inc[@]}" -x c++ -std=c++17 -O1 -fPIC -c "$1" -o "$2"; }
LD=("$lld" -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains -adhoc_codesign)
mac "$src/libcxxshape.cpp" "$l/libcxxshape.o"
mac "$src/plugin.cpp" "$l/plugin.o"
mac "$src/main.cpp" "$l/main.o"
"${LD[@]}" -dylib -install_name @rpath/libcxxshape.dylib "$l/libcxxshape.o" "$cxxtbd" "$tbd" -o "$l/lib/libcxxshape.dylib"
"${LD[@]}" -dylib "$l/plugin.o" "$l/lib/libcxxshape.dylib" "$cxxtbd" "$tbd" -o "$l/lib/plugin"
"${LD[@]}" "$l/main.o" "$l/lib/libcxxshape.dylib" "$cxxtbd" "$tbd" -rpath @executable_path/lib -o "$l/main"

# native
n="$out/native"
g++ -std=c++17 -pthread -O1 -shared -fPIC "$src/libcxxshape.cpp" -o "$n/lib/libcxxshape.so"
g++ -std=c++17 -pthread -O1 -shared -fPIC "$src/plugin.cpp" "$n/lib/libcxxshape.so" -o "$n/lib/plugin"
g++ -std=c++17 -pthread -O1 "$src/main.cpp" -L"$n/lib" -lcxxshape -Wl,-rpath,'$ORIGIN/lib' -ldl -o "$n/main"
