#!/usr/bin/env bash
# build-libcxx.sh — build LLVM's libc++ and libc++abi as the Mach-O images macOS ships,
# /usr/lib/libc++.1.dylib re-exporting /usr/lib/libc++abi.dylib, from the sources the
# pinned zig package carries (lib/libcxx, lib/libcxxabi: LLVM 16). Compiled with clang-19 for
# x86_64-apple-macos against zig's macOS SDK headers, linked with ld64.lld-19 against Apple's
# libSystem stub: the struct layouts are those of the macOS headers a guest was compiled
# with (a std::mutex is a Darwin pthread_mutex_t).
#
# Configured as Apple configures its libc++: ABI version 1 in the std::__1 namespace,
# exceptions and RTTI on, pthreads, operator new/delete defined by libc++abi (libc++ is the
# "nonew" flavour), type_info compared by address (x86_64), no cxa_thread_atexit (thread_local
# destructors go through dyld's _tlv_atexit on Darwin).
#
# Built once into $MACHRUN_CACHE/libcxx/<key>/ (the key covers this script, the zig package
# and clang's version), so reruns do nothing. Prints the output folder on stdout.
#   usage: build-libcxx.sh [--print-dir]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$here/env.sh"

CLANG=${CLANG19:-clang-19}
LD=${LD64LLD19:-ld64.lld-19}
zigdir=$(dirname "$ZIG")
[ -d "$zigdir/lib/libcxx/src" ] || { echo "build-libcxx: no libc++ sources in $zigdir (run scripts/setup.sh)" >&2; exit 1; }
command -v "$CLANG" >/dev/null || { echo "build-libcxx: $CLANG not found (run scripts/setup.sh)" >&2; exit 1; }

key=$( { cat "$0" "$here/macho-reexport.py"; echo "$MACHRUN_ZIG_PKG"; "$CLANG" --version | head -1; } | sha256sum | cut -c1-16)
out="$MACHRUN_CACHE/libcxx/$key"
if [ "${1:-}" = --print-dir ]; then echo "$out"; exit 0; fi
if [ -f "$out/done" ]; then echo "$out"; exit 0; fi

# One builder at a time (setup and a test run may race); the loser waits and reuses.
mkdir -p "$MACHRUN_CACHE/libcxx"
exec 9>"$MACHRUN_CACHE/libcxx/.lock"
flock 9
if [ -f "$out/done" ]; then echo "$out"; exit 0; fi

work=$(mktemp -d "$MACHRUN_CACHE/libcxx/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
cxx="$zigdir/lib/libcxx"
abi="$zigdir/lib/libcxxabi"
res=$("$CLANG" -print-resource-dir)
tbd="$zigdir/lib/libc/darwin/libSystem.13.tbd"

# The headers, laid out as the macOS SDK has them (include/c++/v1, with cxxabi.h), and the
# __config_site Apple's carry for the options that decide the ABI. zig's copy of __config
# is patched not to include __config_site (zig passes -D flags instead): put the include
# back, so that programs compiled against these headers get the same configuration.
v1="$work/include/c++/v1"
mkdir -p "$v1"
cp -R "$cxx/include/." "$v1/"
cp "$abi/include/cxxabi.h" "$abi/include/__cxxabi_config.h" "$v1/"
grep -q '^/\* zig patch: instead of including __config_site' "$v1/__config" ||
  { echo "build-libcxx: $cxx/include/__config is not the one this script knows" >&2; exit 1; }
sed -i 's|^/\* zig patch: instead of including __config_site.*|#include <__config_site>|' "$v1/__config"
cat >"$v1/__config_site" <<'EOF'
#ifndef _LIBCPP___CONFIG_SITE
#define _LIBCPP___CONFIG_SITE
#define _LIBCPP_ABI_VERSION 1
#define _LIBCPP_ABI_NAMESPACE __1
#define _LIBCPP_HAS_THREAD_API_PTHREAD
#define _LIBCPP_HAS_NO_VENDOR_AVAILABILITY_ANNOTATIONS
#define _LIBCPP_ENABLE_ASSERTIONS_DEFAULT 0
#endif
EOF

inc=(-nostdinc -nostdinc++
     -isystem "$v1"
     -isystem "$res/include"
     -isystem "$zigdir/lib/libc/include/x86_64-macos.13-none"
     -isystem "$zigdir/lib/libc/include/any-macos.13-any"
     -isystem "$zigdir/lib/libc/include/any-macos-any")
common=(-target x86_64-apple-macos11 "${inc[@]}" -std=c++20 -O2 -g0 -fPIC
        -fvisibility-inlines-hidden -funwind-tables -fno-modules
        -DNDEBUG -D_LIBCPP_BUILDING_LIBRARY -D_LIBCPP_REMOVE_TRANSITIVE_INCLUDES
        -Wno-user-defined-literals -Wno-deprecated-declarations -w)

abi_src=(abort_message cxa_aux_runtime cxa_default_handlers cxa_demangle cxa_exception
         cxa_exception_storage cxa_guard cxa_handlers cxa_personality cxa_vector cxa_virtual
         fallback_malloc private_typeinfo stdlib_exception stdlib_new_delete stdlib_stdexcept
         stdlib_typeinfo)
# As LLVM 16's CMake lists them for a default build (no debug mode: debug.cpp and
# legacy_debug_handler.cpp are left out; format.cpp belongs to libc++experimental there).
cxx_src=(algorithm any atomic barrier bind charconv chrono condition_variable
         condition_variable_destructor exception functional future hash ios
         ios.instantiations iostream legacy_pointer_safety locale memory
         memory_resource mutex mutex_destructor new optional random random_shuffle regex
         shared_mutex stdexcept string strstream system_error thread typeinfo utility valarray
         variant vector verbose_abort
         filesystem/directory_iterator filesystem/operations
         ryu/d2fixed ryu/d2s ryu/f2s)

jobs=()
for s in "${abi_src[@]}"; do
  jobs+=("abi|$abi/src/$s.cpp|$work/abi_$s.o")
done
for s in "${cxx_src[@]}"; do
  jobs+=("cxx|$cxx/src/$s.cpp|$work/cxx_${s//\//_}.o")
done

compile() {
  IFS='|' read -r kind src obj <<<"$1"
  if [ "$kind" = abi ]; then
    "$CLANG" "${common[@]}" -D_LIBCXXABI_BUILDING_LIBRARY -DHAVE___CXA_THREAD_ATEXIT_IMPL=0 \
      -I"$abi/src" -I"$cxx/src" -c "$src" -o "$obj"
  else
    # Hidden by default, as LLVM builds it: what libc++ exports is what its headers mark
    # with its visibility macros (_LIBCPP_FUNC_VIS and the others).
    "$CLANG" "${common[@]}" -fvisibility=hidden -DLIBCXX_BUILDING_LIBCXXABI -D_LIBCPP_DISABLE_NEW_DELETE_DEFINITIONS \
      -I"$cxx/src" -I"$cxx/src/include" -c "$src" -o "$obj"
  fi
}
echo "build-libcxx: compiling ${#jobs[@]} sources of LLVM's libc++ and libc++abi into $out" >&2
printf '%s\n' "${jobs[@]}" | (
  # shellcheck disable=SC2034
  fail=0
  while read -r j; do
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || fail=1; done
    compile "$j" &
  done
  while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || fail=1; done
  exit $fail
)

# Unsigned here: the copy beside machrun is signed ad hoc by machrun's own codesign
# (cmake/libcxx.cmake), after the re-export below changed the header.
ldflags=(-arch x86_64 -platform_version macos 11.0 13.0 -dylib -no_adhoc_codesign
         -compatibility_version 1.0.0 -current_version 1600.1.0)
"$LD" "${ldflags[@]}" -install_name /usr/lib/libc++abi.dylib \
  "$work"/abi_*.o "$tbd" -o "$work/libc++abi.dylib"
# The type-name strings of libc++'s internal types (std::__1::__*) are not part of its ABI;
# LLVM's Apple build unexports them by this pattern too.
printf '%s\n' '__ZTSNSt3__1[0-9][0-9]*__*' >"$work/unexported.txt"
"$LD" "${ldflags[@]}" -install_name /usr/lib/libc++.1.dylib -unexported_symbols_list "$work/unexported.txt" \
  "$work"/cxx_*.o "$work/libc++abi.dylib" "$tbd" -o "$work/libc++.1.dylib"
python3 "$here/macho-reexport.py" "$work/libc++.1.dylib" /usr/lib/libc++abi.dylib

rm -rf "$out"
mkdir -p "$out"
cp "$work/libc++abi.dylib" "$work/libc++.1.dylib" "$out/"
cp -R "$work/include" "$out/include"
echo "$MACHRUN_ZIG_PKG $("$CLANG" --version | head -1)" >"$out/done"
echo "$out"
