#!/usr/bin/env python3
"""bare_errno.py — no Darwin error number is written as a bare number in src/lib or src/frameworks.

An errno (or another status code: kern_return_t, regex, EAI_, OSStatus...) goes by its name:
D_EINVAL from machrun/darwin/errno.h, KERN_* from machrun/darwin/kern_return.h, and so on. The
check looks for the two shapes a bare one takes, `return N;` with N in 2..106 (Darwin's errno
range; `return 1;` is left out, as it is the truth value and the count of one throughout, and
EPERM is written D_EPERM) and `errno = N` with N other than 0 (clearing errno is not an error
number), and fails on any outside the allow-list below, which holds numbers that are not
status codes.

usage: bare_errno.py SOURCE_DIR
  Prints each offending line as path:line: text and exits 1 when there is one.
"""
import os
import re
import sys

RETURN = re.compile(r"\breturn\s+\(?\s*([0-9]+)\s*\)?\s*;")
ASSIGN = re.compile(r"\berrno\s*=\s*\(?\s*-?([0-9]+)\b")

# (path relative to the source dir, the line's text with spaces trimmed): numbers that are
# lengths, counts or arithmetic, not status codes. A line here may move; it may not change.
ALLOWED = {
    # Darwin's fixed priority range for every policy (libpthread returns these literals; the
    # SDK names no constant for them).
    ("src/lib/system/libsystem_pthread/sched_priority.c",
     "static int d_sched_get_priority_min(int policy) { (void)policy; return 15; }"),
    ("src/lib/system/libsystem_pthread/sched_priority.c",
     "static int d_sched_get_priority_max(int policy) { (void)policy; return 47; }"),
    # base64 digit values.
    ("src/frameworks/Security/trust_settings.c", "if (c == '+') return 62;"),
    ("src/frameworks/Security/trust_settings.c", "if (c == '/') return 63;"),
    # byte sizes of CFNumber types and of a UTF-32 code unit.
    ("src/frameworks/CoreFoundation/cf_more.c", "case N_SInt16: case N_Short: return 2;"),
    ("src/frameworks/CoreFoundation/cf_more.c",
     "case N_SInt32: case N_Int: case N_Float32: case N_Float: return 4;"),
    ("src/frameworks/CoreFoundation/cf_more.c", "default: return 8;"),
    ("src/frameworks/CoreFoundation/cf_more.c",
     "static long d_CFNumberGetByteSize(struct cf *n) { (void)n; return 8; }"),
    ("src/frameworks/CoreFoundation/cf_string.c", "return 4;"),
}


def offences(root):
    for top in ("src/lib", "src/frameworks"):
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not f.endswith((".c", ".h", ".def")):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for n, line in enumerate(fh, 1):
                        text = line.strip()
                        bad = any(2 <= int(m.group(1)) <= 106 for m in RETURN.finditer(line))
                        bad = bad or any(int(m.group(1)) != 0 for m in ASSIGN.finditer(line))
                        if bad and (rel, text) not in ALLOWED:
                            yield rel, n, text


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    found = list(offences(sys.argv[1]))
    for rel, n, text in found:
        print(f"{rel}:{n}: {text}")
    if found:
        print(f"{len(found)} bare error number(s): name them (machrun/darwin/errno.h D_E*, "
              "kern_return.h KERN_*...) or, if not a status code, allow them in "
              "tests/layout/bare_errno.py", file=sys.stderr)
        return 1
    print("no bare error numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
