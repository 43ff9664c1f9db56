#!/usr/bin/env python3
"""macho-reexport.py FILE INSTALL_NAME — turn FILE's LC_LOAD_DYLIB of INSTALL_NAME into an
LC_REEXPORT_DYLIB, in place. The load command keeps its size, position and ordinal, so the
binds that name the library by ordinal stay right.

Why: ld64.lld-19's -reexport_library writes an LC_LOAD_DYLIB *and* an LC_REEXPORT_DYLIB for
the library while numbering the binds as if only one were there, so every later library's
ordinal is off by one. Linking normally and then marking the command re-exported gives what
Apple's ld64 writes for libc++.1.dylib re-exporting libc++abi.dylib. A signature over the
header must be redone afterwards (machrun codesign -s - -f)."""
import struct
import sys

MH_MAGIC_64 = 0xFEEDFACF
LC_LOAD_DYLIB = 0xC
LC_REEXPORT_DYLIB = 0x1F | 0x80000000  # LC_REQ_DYLD
MH_NO_REEXPORTED_DYLIBS = 0x100000


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: macho-reexport.py FILE INSTALL_NAME")
    path, want = sys.argv[1], sys.argv[2].encode()
    data = bytearray(open(path, "rb").read())
    magic, _cpu, _sub, _ftype, ncmds, sizeofcmds, flags, _res = struct.unpack_from("<8I", data, 0)
    if magic != MH_MAGIC_64:
        sys.exit(f"{path}: not a thin 64-bit little-endian Mach-O")
    off, done = 32, False
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<2I", data, off)
        if size < 8 or off + size > 32 + sizeofcmds:
            sys.exit(f"{path}: malformed load command at {off:#x}")
        if cmd in (LC_LOAD_DYLIB, LC_REEXPORT_DYLIB):
            name_off = struct.unpack_from("<I", data, off + 8)[0]
            name = bytes(data[off + name_off:off + size]).split(b"\0", 1)[0]
            if name == want:
                struct.pack_into("<I", data, off, LC_REEXPORT_DYLIB)
                done = True
        off += size
    if not done:
        sys.exit(f"{path}: no LC_LOAD_DYLIB of {want.decode()}")
    struct.pack_into("<I", data, 24, flags & ~MH_NO_REEXPORTED_DYLIBS)
    open(path, "wb").write(data)


main()
