#!/usr/bin/env python3
"""libcxx_tbd.py NM LIBCXX LIBCXXABI OUT — write the .tbd stub Xcode's SDK has for libc++:
install name /usr/lib/libc++.1.dylib, exporting libc++'s own symbols and the libc++abi
symbols it re-exports. Programs linked against it bind every C++ runtime symbol to
libc++.1.dylib, as programs built by Xcode do, so that dyld must find libc++abi's symbols
through libc++'s re-export at run time (ld64.lld-19 linked against the dylib itself would bind
them to libc++abi.dylib directly)."""
import subprocess
import sys


def exports(nm, path):
    out = subprocess.run([nm, "-gUj", path], check=True, capture_output=True, text=True).stdout
    return sorted(set(s for s in out.split() if s))


def main():
    nm, cxx, abi, out = sys.argv[1:5]
    syms = sorted(set(exports(nm, cxx)) | set(exports(nm, abi)))
    quoted = ", ".join("'%s'" % s for s in syms)
    with open(out, "w") as f:
        f.write("--- !tapi-tbd\ntbd-version: 4\ntargets: [ x86_64-macos ]\n"
                "install-name: '/usr/lib/libc++.1.dylib'\n"
                "current-version: 1600.1\ncompatibility-version: 1\n"
                "exports:\n  - targets: [ x86_64-macos ]\n"
                "    symbols: [ %s ]\n...\n" % quoted)


main()
