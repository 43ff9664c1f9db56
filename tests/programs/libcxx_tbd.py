#!/usr/bin/env python3
"""libcxx_tbd.py NM LIBCXX LIBCXXABI OUT — write the .tbd stub Xcode's SDK has for libc++:
install name /usr/lib/libc++.1.dylib, exporting libc++'s own symbols and the libc++abi
symbols it re-exports. Programs linked against it bind every C++ runtime symbol to
libc++.1.dylib, as programs built by Xcode do, so that dyld must find libc++abi's symbols
through libc++'s re-export at run time (ld64.lld-19 linked against the dylib itself would bind
them to libc++abi.dylib directly). Weak definitions (operator new and delete, which a program
may replace, and inline template instantiations) are listed as weak-symbols, as tapi lists
them in the SDK's stub: an image referencing them then gets weak bindings, which dyld
coalesces with a program's own definition."""
import subprocess
import sys


def exports(nm, path):
    """(regular, weak) exported definitions, from llvm-nm's Darwin-style listing."""
    out = subprocess.run([nm, "-gUm", path], check=True, capture_output=True, text=True).stdout
    regular, weak = set(), set()
    for line in out.splitlines():
        if not line.strip():
            continue
        name = line.split()[-1]
        (weak if " weak external " in line else regular).add(name)
    return regular, weak


def main():
    nm, cxx, abi, out = sys.argv[1:5]
    r1, w1 = exports(nm, cxx)
    r2, w2 = exports(nm, abi)
    weak = w1 | w2
    regular = (r1 | r2) - weak

    def quoted(syms):
        return ", ".join("'%s'" % s for s in sorted(syms))

    with open(out, "w") as f:
        f.write("--- !tapi-tbd\ntbd-version: 4\ntargets: [ x86_64-macos ]\n"
                "install-name: '/usr/lib/libc++.1.dylib'\n"
                "current-version: 1600.1\ncompatibility-version: 1\n"
                "exports:\n  - targets: [ x86_64-macos ]\n"
                "    symbols: [ %s ]\n"
                "    weak-symbols: [ %s ]\n...\n" % (quoted(regular), quoted(weak)))


main()
