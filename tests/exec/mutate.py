#!/usr/bin/env python3
"""mutate.py IN OUT KIND — write a mutant of the Mach-O IN to OUT, for the loader's checks:
  prot-bits   __DATA's initprot gets an unknown bit (0x1001)
  init-noread the segment holding __mod_init_func loses VM_PROT_READ
  entry-far   LC_MAIN's entryoff points past every segment"""
import struct
import sys

LC_SEGMENT_64, LC_MAIN = 0x19, 0x80000028
S_MOD_INIT_FUNC_POINTERS, S_INIT_FUNC_OFFSETS = 0x9, 0x16


def commands(d):
    ncmds = struct.unpack_from("<I", d, 16)[0]
    off = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<2I", d, off)
        yield off, cmd, size
        off += size


def main():
    src, dst, kind = sys.argv[1:4]
    d = bytearray(open(src, "rb").read())
    done = False
    for off, cmd, size in commands(d):
        if cmd == LC_SEGMENT_64:
            name = bytes(d[off + 8:off + 24]).rstrip(b"\0")
            if kind == "prot-bits" and name == b"__DATA":
                struct.pack_into("<I", d, off + 60, 0x1001)
                done = True
            if kind == "init-noread":
                nsects = struct.unpack_from("<I", d, off + 64)[0]
                for i in range(nsects):
                    flags = struct.unpack_from("<I", d, off + 72 + 80 * i + 64)[0]
                    if flags & 0xff in (S_MOD_INIT_FUNC_POINTERS, S_INIT_FUNC_OFFSETS):
                        init = struct.unpack_from("<I", d, off + 60)[0]
                        struct.pack_into("<I", d, off + 60, init & ~1)
                        done = True
        if cmd == LC_MAIN and kind == "entry-far":
            struct.pack_into("<Q", d, off + 8, 0x7fff0000)
            done = True
    if not done:
        sys.exit(f"{src}: nothing to mutate for {kind}")
    open(dst, "wb").write(d)


main()
