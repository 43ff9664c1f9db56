#!/usr/bin/env python3
"""exports_vs_tbd.py — every export of a libSystem sub-library is in that sub-library on macOS.

Reads `machrun ldd --exports` (lines `LEAF SYMBOL KIND`) and Apple's libSystem text stub
(zig ships it: lib/libc/darwin/libSystem.13.tbd, TAPI v4, one document per
/usr/lib/system library) and checks that each symbol machrun exports from a sub-library of
libSystem is exported by the same sub-library on macOS — the folder rule of
docs/architecture.md: src/lib/system/<library>/ holds what <library> exports.

A symbol macOS's libSystem does not export at all may be exported (machrun adds a few that
programs built against other SDKs import); those are listed below with the reason.
Libraries outside libSystem (libz, frameworks) are not in this stub and are not checked.

usage: exports_vs_tbd.py MACHRUN TBD [--report]   (--report: list every misplaced export)
"""
import re
import subprocess
import sys

# Exported by machrun although libSystem.13.tbd lists them nowhere, and why.
NOT_IN_SDK = {
    "_memrchr": "glibc's; Linux-first C code built for macOS with a compatibility shim imports it",
    "_execvpe": "glibc's; the same",
    "__dyld_shared_cache_some_image_overridden": "libdyld's private SPI, which Swift's runtime probes",
    "_fwrite$UNIX2003": "the i386 SDK's name, which objects built for 10.4-era SDKs still bind",
    "_getopt$UNIX2003": "the same",
    "_mktime$UNIX2003": "the same",
    "_strftime$UNIX2003": "the same",
    "_strptime$UNIX2003": "the same",
}


def parse_tbd(path):
    """{leaf library name: set of symbols} for the documents of a TAPI v4 stub."""
    text = open(path).read()
    libs = {}
    for doc in text.split("--- !tapi-tbd"):
        m = re.search(r"install-name:\s+'([^']+)'", doc)
        if not m:
            continue
        leaf = m.group(1).rsplit("/", 1)[1]
        syms = libs.setdefault(leaf, set())
        for sec in re.finditer(r"^(exports|reexports):\s*\n((?:  .*\n?)+)", doc, re.M):
            for blk in re.finditer(r"(symbols|weak-symbols|thread-local-symbols):\s*\[([^\]]*)\]", sec.group(2)):
                for s in re.split(r",\s*", blk.group(2)):
                    s = s.strip().strip("'")
                    if s:
                        syms.add(s)
    return libs


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    machrun, tbd = sys.argv[1], sys.argv[2]
    report = "--report" in sys.argv[3:]
    libs = parse_tbd(tbd)
    if "libsystem_c.dylib" not in libs or "libsystem_kernel.dylib" not in libs:
        print(f"{tbd}: not libSystem's stub (no libsystem_c/libsystem_kernel documents)", file=sys.stderr)
        return 2
    owner = {}
    for leaf, syms in libs.items():
        for s in syms:
            owner.setdefault(s, []).append(leaf)
    out = subprocess.run([machrun, "ldd", "--exports"], capture_output=True, text=True, check=True).stdout
    checked = wrong = unknown = 0
    for line in out.splitlines():
        f = line.split()
        if len(f) != 3 or line.startswith("#") or f[2].startswith("re-export"):
            continue
        leaf, sym = f[0], f[1]
        if leaf not in libs:
            continue  # not a library of libSystem
        checked += 1
        if sym in libs[leaf]:
            continue
        if sym in NOT_IN_SDK and sym not in owner:
            continue
        if sym in owner:
            wrong += 1
            print(f"{sym}: exported from {leaf}, but macOS exports it from {', '.join(sorted(owner[sym]))}")
        else:
            unknown += 1
            print(f"{sym}: exported from {leaf}, but no library of libSystem exports it")
        if not report and wrong + unknown >= 40:
            print("... (--report lists all)")
            break
    print(f"{checked} exports of libSystem's libraries checked: {wrong} in the wrong library, {unknown} unknown to macOS")
    return 1 if wrong or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
