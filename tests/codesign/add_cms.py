#!/usr/bin/env python3
"""add_cms.py IN OUT CMS_DER — copy a signed thin Mach-O and add a CMS signature blob
(CSSLOT_SIGNATURESLOT 0x10000, CSMAGIC_BLOBWRAPPER) to its SuperBlob, as a Developer ID
signature carries one. The file grows by the blob; LC_CODE_SIGNATURE and __LINKEDIT are
updated. Only machrun's display of the signature reads the result (the CMS does not sign
the CodeDirectory)."""
import struct, sys

src, dst, cms_path = sys.argv[1:4]
data = bytearray(open(src, 'rb').read())
cms = open(cms_path, 'rb').read()
magic, cputype, _, _, ncmds, sizeofcmds, _, _ = struct.unpack_from('<IiiIIIII', data, 0)
assert magic == 0xfeedfacf, 'thin 64-bit Mach-O expected'
off = 32
sig_cmd = linkedit = None
for _ in range(ncmds):
    cmd, size = struct.unpack_from('<II', data, off)
    if cmd == 0x1d:
        sig_cmd = off
    if cmd == 0x19 and data[off + 8:off + 24].rstrip(b'\0') == b'__LINKEDIT':
        linkedit = off
    off += size
assert sig_cmd is not None and linkedit is not None
dataoff, datasize = struct.unpack_from('<II', data, sig_cmd + 8)
sb = bytes(data[dataoff:dataoff + datasize])
smagic, slen, count = struct.unpack_from('>III', sb, 0)
assert smagic == 0xfade0cc0
index = [struct.unpack_from('>II', sb, 12 + 8 * i) for i in range(count)]
body = sb[12 + 8 * count:slen]
wrapper = struct.pack('>II', 0xfade0b01, 8 + len(cms)) + cms
new_index = [(t, o + 8) for t, o in index] + [(0x10000, 12 + 8 * (count + 1) + len(body))]
new_sb = struct.pack('>III', 0xfade0cc0, 12 + 8 * len(new_index) + len(body) + len(wrapper), len(new_index))
new_sb += b''.join(struct.pack('>II', t, o) for t, o in new_index) + body + wrapper
new_sb += b'\0' * (-len(new_sb) % 16)
out = data[:dataoff] + new_sb
struct.pack_into('<I', out, sig_cmd + 12, len(new_sb))
le_fileoff = struct.unpack_from('<Q', out, linkedit + 40)[0]
le_filesize = len(out) - le_fileoff
struct.pack_into('<Q', out, linkedit + 32, (le_filesize + 0xfff) & ~0xfff)  # vmsize
struct.pack_into('<Q', out, linkedit + 48, le_filesize)                       # filesize
open(dst, 'wb').write(out)
