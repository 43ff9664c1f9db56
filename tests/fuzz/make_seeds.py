#!/usr/bin/env python3
"""make_seeds.py — cut the seed corpora of fuzz_fixups and fuzz_trie out of real Mach-O files:
each dyld-info opcode stream, each LC_DYLD_CHAINED_FIXUPS blob with its file's __DATA_CONST and
__DATA contents (in fuzz_fixups' input layout: u32 L, u32 D, linkedit, __DATA_CONST, __DATA),
and each exports trie. The seeds are checked in; this records how they were made.

usage: make_seeds.py OUTDIR MACHO...   (writes OUTDIR/fixups/* and OUTDIR/trie/*)
"""
import os
import struct
import sys


def commands(data):
    magic, _, _, _, ncmds, _, _ = struct.unpack_from('<IiiIIII', data)
    assert magic == 0xfeedfacf, 'thin 64-bit Mach-O only'
    off = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from('<II', data, off)
        yield cmd, data[off:off + size]
        off += size


def main():
    out = sys.argv[1]
    for sub in ('fixups', 'trie'):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for path in sys.argv[2:]:
        data = open(path, 'rb').read()
        base = os.path.basename(path).replace('.', '_')
        segs = {}
        for cmd, c in commands(data):
            if cmd == 0x19:
                name = c[8:24].rstrip(b'\0').decode()
                fileoff, filesize = struct.unpack_from('<QQ', c, 40)
                segs[name] = data[fileoff:fileoff + filesize]
        seeds = {}
        for cmd, c in commands(data):
            if cmd in (0x22, 0x80000022):
                v = struct.unpack_from('<10I', c, 8)
                for k, what in enumerate(('rebase', 'bind', 'weak', 'lazy')):
                    if v[2 * k + 1]:
                        seeds[('fixups', what)] = struct.pack('<II', v[2 * k + 1], 0) + data[v[2 * k]:v[2 * k] + v[2 * k + 1]]
                if v[9]:
                    seeds[('trie', 'export')] = data[v[8]:v[8] + v[9]]
            elif cmd == 0x80000034:
                off, size = struct.unpack_from('<II', c, 8)
                dc, d = segs.get('__DATA_CONST', b''), segs.get('__DATA', b'')
                seeds[('fixups', 'chained')] = struct.pack('<II', size, len(dc)) + data[off:off + size] + dc + d
            elif cmd == 0x80000033:
                off, size = struct.unpack_from('<II', c, 8)
                seeds[('trie', 'trie')] = data[off:off + size]
        for (sub, what), blob in seeds.items():
            name = os.path.join(out, sub, base + '_' + what)
            with open(name, 'wb') as f:
                f.write(blob)
            print(name, len(blob))


if __name__ == '__main__':
    main()
