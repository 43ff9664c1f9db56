#!/usr/bin/env python3
"""gen_macho.py — synthesise small Mach-O files carrying the load commands linkers rarely
or never emit (LC_ROUTINES_64, LC_NOTE, LC_FILESET_ENTRY, LC_ENCRYPTION_INFO_64, LC_SUB_*,
LC_LINKER_OPTION, LC_VERSION_MIN_*, LC_PREBOUND_DYLIB, LC_TWOLEVEL_HINTS, unknown command
numbers, thread states of every x86_64 flavor...) and values that make llvm-otool annotate
("Incorrect size", "(past end of file)", "?(bad offset N)"), so that `machrun otool` can be
compared with llvm-otool-19 on them.

usage: gen_macho.py OUTDIR     (writes OUTDIR/syn_*.macho and prints their names)
"""
import os
import struct
import sys

LC_REQ_DYLD = 0x80000000
FILE_SIZE = 0x2000
TEXT_VM = 0x100000000


def pad8(b):
    return b + b'\0' * (-len(b) % 8)


def cstr(s):
    return s.encode() + b'\0'


def lc(cmd, body, size=None):
    """A load command: cmd, cmdsize, body padded to 8 (or to `size` when given)."""
    raw = struct.pack('<II', cmd, 0) + body
    raw = pad8(raw) if size is None else (raw + b'\0' * max(0, size - len(raw)))[:size]
    return raw[:4] + struct.pack('<I', len(raw)) + raw[8:]


def lc_str_cmd(cmd, fixed, s, extra=b'', off=None):
    """A command whose first field after cmd/cmdsize is an lc_str offset (fixed = its size
    with the header), followed by `extra` fixed fields, then the string."""
    o = fixed if off is None else off
    return lc(cmd, struct.pack('<I', o) + extra + cstr(s))


def dylib_cmd(cmd, name, ts=2, cur=0x10203, compat=0x10000, off=24):
    body = struct.pack('<IIII', off, ts, cur, compat)
    body += b'\0' * (off - 24)
    return lc(cmd, body + cstr(name))


def section(sect, seg, addr, size, offset, align=0, reloff=0, nreloc=0, flags=0, r1=0, r2=0, r3=0):
    return struct.pack('<16s16sQQIIIIIIII', sect.encode(), seg.encode(), addr, size, offset, align, reloff, nreloc,
                       flags, r1, r2, r3)


def segment(name, vmaddr, vmsize, fileoff, filesize, maxprot=7, initprot=5, flags=0, sects=(), cmdsize=None):
    body = struct.pack('<16sQQQQiiII', name.encode(), vmaddr, vmsize, fileoff, filesize, maxprot, initprot,
                       len(sects), flags) + b''.join(sects)
    return lc(0x19, body, cmdsize)


def section32(sect, seg, addr, size, offset, align=0, reloff=0, nreloc=0, flags=0, r1=0, r2=0):
    return struct.pack('<16s16sIIIIIIIII', sect.encode(), seg.encode(), addr, size, offset, align, reloff, nreloc,
                       flags, r1, r2)


def segment32(name, vmaddr, vmsize, fileoff, filesize, maxprot=7, initprot=5, flags=0, sects=()):
    body = struct.pack('<16sIIIIiiII', name.encode(), vmaddr, vmsize, fileoff, filesize, maxprot, initprot,
                       len(sects), flags) + b''.join(sects)
    raw = struct.pack('<II', 0x1, 8 + len(body)) + body
    return raw


def lc4(cmd, body):
    """A load command padded to 4 (32-bit files, and LC_THREAD in 64-bit cores)."""
    body += b'\0' * (-len(body) % 4)
    return struct.pack('<II', cmd, 8 + len(body)) + body


def text_segment(extra_sects=()):
    return segment('__TEXT', TEXT_VM, 0x2000, 0, FILE_SIZE,
                   sects=[section('__text', '__TEXT', TEXT_VM + 0x1000, 0x10, 0x1000, align=4, flags=0x80000400)]
                   + list(extra_sects))


def macho(cmds, filetype=6, cputype=0x01000007, cpusubtype=3, flags=0x00200085, ncmds=None, sizeofcmds=None,
          file_size=FILE_SIZE, magic=0xfeedfacf):
    blob = b''.join(cmds)
    hdr = struct.pack('<IiiIIII', magic, cputype, cpusubtype, filetype, len(cmds) if ncmds is None else ncmds,
                      len(blob) if sizeofcmds is None else sizeofcmds, flags)
    if magic == 0xfeedfacf:
        hdr += b'\0' * 4
    data = hdr + blob
    assert len(data) <= file_size, 'commands do not fit'
    data += b'\0' * (file_size - len(data))
    return data


def thread_state(regs):
    return struct.pack('<21Q', *regs)


def x86_thread64(flavor=4, count=42, regs=None, trailing=b''):
    regs = regs if regs is not None else [0x1111111111111111 * (i % 15 + 1) & 0xffffffffffffffff for i in range(21)]
    return struct.pack('<II', flavor, count) + thread_state(regs) + trailing


def fat(slices, magic=0xcafebabe, align=12, offsets=None):
    """A universal file of (cputype, cpusubtype, data) slices, each at a 2^align boundary
    (or at the given offsets)."""
    is64 = magic == 0xcafebabf
    hdr = struct.pack('>II', magic, len(slices))
    step = 1 << align
    off = max(step, 0x1000)
    ents, placed = b'', []
    for k, (ct, cs, d) in enumerate(slices):
        o = offsets[k] if offsets else off
        ents += struct.pack('>iIQQII', ct, cs, o, len(d), align, 0) if is64 else struct.pack('>iIIII', ct, cs, o,
                                                                                                len(d), align)
        placed.append((o, d))
        off = o + len(d) + (-(o + len(d)) % step)
    out = bytearray(hdr + ents)
    for o, d in placed:
        if len(out) < o + len(d):
            out += b'\0' * (o + len(d) - len(out))
        out[o:o + len(d)] = d
    return bytes(out)


def files():
    out = {}
    idd = dylib_cmd(0xd, '/usr/lib/libsyn.dylib', cur=0x30201, compat=0x20000)

    # Everything printed by its own routine, once, with well-formed sizes.
    out['syn_all'] = macho([
        text_segment(), idd,
        lc(0x1a, struct.pack('<QQ6Q', TEXT_VM + 0x1000, 3, 1, 2, 3, 4, 5, 6)),        # LC_ROUTINES_64
        lc_str_cmd(0x12, 12, 'Umbrella'),                                            # LC_SUB_FRAMEWORK
        lc_str_cmd(0x13, 12, 'SubUmbrella'),                                         # LC_SUB_UMBRELLA
        lc_str_cmd(0x14, 12, 'ClientApp'),                                           # LC_SUB_CLIENT
        lc_str_cmd(0x15, 12, 'libsub'),                                              # LC_SUB_LIBRARY
        lc(0x31, struct.pack('<16sQQ', b'owner-name-16chr', 0x1800, 0x100)),          # LC_NOTE
        lc(0x31, struct.pack('<16sQQ', b'short', 0x1900, 0)),
        lc_str_cmd(0x27, 12, 'DYLD_LIBRARY_PATH=/opt/lib'),                          # LC_DYLD_ENVIRONMENT
        lc(0x2d, struct.pack('<I', 2) + cstr('-framework') + cstr('Foundation')),   # LC_LINKER_OPTION
        lc(0x2d, struct.pack('<I', 2) + b'\0\0' + cstr('-la') + b'\0' + cstr('-lb')),  # leading/embedded NULs
        lc(0x2c, struct.pack('<IIII', 0x1000, 0x800, 1, 0)),                         # LC_ENCRYPTION_INFO_64
        lc(0x24, struct.pack('<II', 0x000a0e00, 0x000b0102)),                        # LC_VERSION_MIN_MACOSX
        lc(0x80000035, struct.pack('<QQII', TEXT_VM, 0, 32, 0) + cstr('com.example.kext')),  # LC_FILESET_ENTRY
        lc(0x2b, struct.pack('<II', 0x1a00, 0x10)),                                  # LC_DYLIB_CODE_SIGN_DRS
        lc(0x2e, struct.pack('<II', 0x1a10, 0x8)),                                   # LC_LINKER_OPTIMIZATION_HINT
        lc(0x1e, struct.pack('<II', 0x1a18, 0x8)),                                   # LC_SEGMENT_SPLIT_INFO
        lc(0x16, struct.pack('<II', 0x1a20, 2)),                                     # LC_TWOLEVEL_HINTS
        lc_str_cmd(0xf, 12, '/usr/lib/dyld'),                                        # LC_ID_DYLINKER
        lc_str_cmd(0xe, 12, '/usr/lib/dyld'),                                        # LC_LOAD_DYLINKER
        dylib_cmd(0x20, '/usr/lib/liblazy.dylib'),                                   # LC_LAZY_LOAD_DYLIB
        dylib_cmd(0x80000023, '/usr/lib/libup.dylib', cur=0xffffffff),               # LC_LOAD_UPWARD_DYLIB
        dylib_cmd(0x8000001f, '/usr/lib/libre.dylib', compat=0xffffffff),            # LC_REEXPORT_DYLIB
        dylib_cmd(0x80000018, '/usr/lib/libweak.dylib', ts=0x5f5e1000),              # LC_LOAD_WEAK_DYLIB
        dylib_cmd(0xc, '/usr/lib/libSystem.B.dylib', cur=0x05276403, compat=0x10000),
        lc(0x36, struct.pack('<II', 0x1a28, 0)),                                     # LC_ATOM_INFO
        lc(0x77, struct.pack('<II', 1, 2)),                                          # unknown
        lc(0x80000077, b''),                                                         # unknown, required
        lc(0x2a, struct.pack('<Q', (1 << 40) | (2 << 30) | (3 << 20) | (4 << 10) | 5)),  # LC_SOURCE_VERSION a.b.c.d.e
        lc(0x32, struct.pack('<IIII', 1, 0x000c0000, 0x000d0100, 3) + struct.pack('<IIIIII', 1, 0x03e80100, 3, 0x02610000,
                                                                                  99, 0x00010203)),
        lc(0x32, struct.pack('<IIII', 2, 0x00110000, 0x00110000, 4) + struct.pack('<8I', 2, 0x00050a00, 4, 0x00130100,
                                                                                  5, 1, 1024, 0xffffffff)),
        lc(0x1b, bytes(range(16))),                                                  # LC_UUID
    ])

    # LLVM's reader stops at an LC_IDENT and lists it in place of every later command (it skips
    # them unchecked: the bad LC_UUID after it is never looked at).
    out['syn_ident'] = macho([text_segment(), idd, dylib_cmd(0xc, '/usr/lib/libSystem.B.dylib'),
                              lc(0x8, b'ident\0\0\0'), dylib_cmd(0xc, '/usr/lib/libz.dylib'),
                              lc(0x1b, bytes(24)), lc(0x2a, struct.pack('<Q', 1 << 40))])

    # One LC_VERSION_MIN_* per file (llvm refuses two).
    # (and one LC_SOURCE_VERSION: a.b.c.d, a.b.c, a.b with the largest a).
    for n, (cmd, ver, sdk, src) in {
            'ios': (0x25, 0x000e0001, 0, (7 << 40) | (9 << 10)),
            'tvos': (0x2f, 0x000f0000, 0x000f0100, (7 << 40) | (1 << 20)),
            'watchos': (0x30, 0x00070203, 0x00080000, 0xffffff << 40)}.items():
        out['syn_vmin_' + n] = macho([text_segment(), idd, lc(cmd, struct.pack('<II', ver, sdk)),
                                      lc(0x2a, struct.pack('<Q', src))])
    # Tools are printed from one table refilled by each LC_BUILD_VERSION (see otool.c).
    out['syn_buildver'] = macho([
        text_segment(), idd,
        lc(0x32, struct.pack('<IIII', 77, 0x00110203, 0, 0)),                        # unknown platform, no sdk
        lc(0x32, struct.pack('<IIII', 1, 0x000c0000, 0x000d0100, 3) + struct.pack('<6I', 1, 0x03e80100, 3, 0x02610000,
                                                                                  99, 0x00010203)),
        lc(0x32, struct.pack('<IIII', 2, 0x00110000, 0x00110000, 1) + struct.pack('<2I', 2, 0x00050a00)),
        lc(0x32, struct.pack('<IIII', 6, 0x00110000, 0x00110000, 2) + struct.pack('<4I', 4, 0x00130100, 1024, 5)),
    ])

    # Thread states: every x86_64 flavor llvm-otool prints, nested headers it does and does not
    # recognise, and an LC_THREAD with no state at all (cmdsize 8: "Incorrect size").
    out['syn_thread'] = macho([
        segment('__PAGEZERO', 0, 0x100000000, 0, 0, 0, 0),
        text_segment(),
        lc(0x5, x86_thread64()),
        lc(0x4, struct.pack('<II', 7, 44) + struct.pack('<II', 4, 42) + thread_state(list(range(21)))),
        lc(0x4, struct.pack('<II', 7, 44) + struct.pack('<II', 1, 17) + b'\0' * 168),
        lc(0x4, struct.pack('<II', 7, 44) + struct.pack('<II', 4, 40) + b'\1' * 168),
        lc(0x4, struct.pack('<II', 9, 6) + struct.pack('<II', 6, 4) + struct.pack('<HHIQ', 14, 0, 2, 0xdeadbeef)),
        lc(0x4, struct.pack('<II', 9, 6) + struct.pack('<II', 6, 5) + struct.pack('<HHIQ', 14, 0, 2, 0xdeadbeef)),
        lc(0x4, struct.pack('<II', 9, 6) + struct.pack('<II', 2, 4) + struct.pack('<HHIQ', 14, 0, 2, 0xdeadbeef)),
        lc(0x4, struct.pack('<II', 6, 4) + struct.pack('<HHIQ', 13, 0, 1, 0x1234)),
        lc(0x4, x86_thread64() + struct.pack('<II', 6, 4) + struct.pack('<HHIQ', 13, 0, 1, 0x1234)),
        lc(0x4, b''),
    ], filetype=2)

    # x86_FLOAT_STATE (flavor 8) holding an x86_FLOAT_STATE64, with patterned bytes so every
    # field and control/status bit is visible; in a core file, where a 64-bit LC_THREAD may
    # be a multiple of 4 only.
    fstate = bytes((i * 37 + 11) & 0xff for i in range(524))
    out['syn_core'] = macho([
        segment('__TEXT', TEXT_VM, 0x2000, 0x1000, 0x1000, sects=[]),
        lc4(0x4, struct.pack('<II', 8, 133) + struct.pack('<II', 5, 131) + fstate),
        lc4(0x4, struct.pack('<II', 8, 133) + struct.pack('<II', 5, 130) + bytes(524)),
        lc4(0x4, struct.pack('<II', 8, 133) + struct.pack('<II', 9, 1) + bytes(524)),
        lc4(0x4, x86_thread64()),
    ], filetype=4)

    # 32-bit i386: LC_SEGMENT, 12-byte nlists, i386 thread states, 20-byte LC_ENCRYPTION_INFO,
    # LC_ROUTINES.
    out['syn_i386'] = macho([
        segment32('__PAGEZERO', 0, 0x1000, 0, 0, 0, 0),
        segment32('__TEXT', 0x1000, 0x2000, 0, FILE_SIZE, sects=[
            section32('__text', '__TEXT', 0x2000, 0x10, 0x1000, align=4, flags=0x80000400),
            section32('__stubs', '__TEXT', 0x2010, 0x6, 0x1010, align=1, flags=0x80000408, r1=0, r2=6)]),
        lc4(0x2, struct.pack('<IIII', 0x1800, 2, 0x1900, 0x20)),
        lc4(0xb, struct.pack('<18I', 0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0x1a00, 2, 0, 0, 0, 0)),
        lc4(0x5, struct.pack('<II', 1, 16) + struct.pack('<16I', *range(0x10, 0x20))),
        lc4(0x21, struct.pack('<III', 0x1000, 0x800, 0)),
        lc4(0x11, struct.pack('<8I', 0x2000, 1, 2, 3, 4, 5, 6, 7)),
        lc4(0xe, struct.pack('<I', 12) + cstr('/usr/lib/dyld')),
        lc4(0xc, struct.pack('<IIII', 24, 2, 0x10000, 0x10000) + cstr('/usr/lib/libSystem.B.dylib')),
    ], filetype=2, cputype=7, cpusubtype=3, magic=0xfeedface, flags=0x85)

    # Thread states of the other cputypes llvm-otool knows, and of one it does not.
    out['syn_arm64'] = macho([
        segment('__PAGEZERO', 0, 0x100000000, 0, 0, 0, 0), text_segment(),
        lc(0x5, struct.pack('<II', 6, 68) + struct.pack('<33QII', *[0x0101010101010101 * k for k in range(33)],
                                                         0x60000000, 0)),
    ], filetype=2, cputype=0x0100000c, cpusubtype=0)
    out['syn_arm'] = macho([
        segment32('__TEXT', 0x1000, 0x2000, 0, FILE_SIZE),
        lc4(0x5, struct.pack('<II', 1, 17) + struct.pack('<17I', *range(100, 117))),
    ], filetype=2, cputype=12, cpusubtype=9, magic=0xfeedface, flags=0x85)
    out['syn_ppc'] = macho([
        segment32('__TEXT', 0x1000, 0x2000, 0, FILE_SIZE),
        lc4(0x5, struct.pack('<II', 1, 40) + struct.pack('<40I', *range(40))),
    ], filetype=2, cputype=18, cpusubtype=0, magic=0xfeedface, flags=0x85)

    # A segment whose cmdsize is larger than its sections need ("Inconsistent size"), and
    # sections whose segname differs from the segment's.
    out['syn_seginc'] = macho([
        segment('__TEXT', TEXT_VM, 0x2000, 0, FILE_SIZE, cmdsize=72 + 80 + 16,
                sects=[section('__text', '__TEXTX', TEXT_VM + 0x1000, 0x10, 0x1000, align=4, flags=0x80000400)]),
        segment('__SIXTEEN_CHARS_', TEXT_VM + 0x2000, 0x1000, 0, 0, 3, 3,
                sects=[section('__sixteen_chars__', '__SIXTEEN_CHARS_', TEXT_VM + 0x2000, 0x10, 0, flags=0x1)]),
    ], filetype=2)

    # The last command may run past sizeofcmds (LLVM only checks the ones before it), and
    # files that are not objects at all ("is not an object file").
    blob = text_segment() + dylib_cmd(0xd, '/usr/lib/libsyn.dylib')
    out['syn_last_past_sizeofcmds'] = macho([text_segment(), dylib_cmd(0xd, '/usr/lib/libsyn.dylib'),
                                             lc(0x1b, bytes(16))], sizeofcmds=len(blob) + 16)
    out['syn_short'] = macho([text_segment()])[:20]
    out['syn_notmacho'] = b'#!/bin/sh\necho not a Mach-O file\n'
    out['syn_empty'] = b''

    # Universal files: llvm-otool shows the x86_64 slice alone when there is one (an x86_64
    # with the LIB64 capability counts, x86_64h does not); else every slice, named
    # "(architecture NAME)" when there are several ("" for names it does not know).
    arm64, i386, lib = out['syn_arm64'], out['syn_i386'], out['syn_vmin_ios']
    def with_sub(d, cpu, sub):
        d = bytearray(d)
        struct.pack_into('<iI', d, 4, cpu, sub)
        return bytes(d)
    out['syn_fat_arm64_i386'] = fat([(0x0100000c, 0, arm64), (7, 3, i386)])
    out['syn_fat_x86_64h'] = fat([(0x0100000c, 0, arm64), (0x01000007, 8, with_sub(lib, 0x01000007, 8))])
    out['syn_fat_lib64'] = fat([(0x0100000c, 0, arm64), (0x01000007, 0x80000003, with_sub(lib, 0x01000007, 0x80000003))])
    out['syn_fat_unknown'] = fat([(0x0100000c, 5, with_sub(arm64, 0x0100000c, 5)),
                                  (0x01000099, 3, with_sub(lib, 0x01000099, 3))])
    out['syn_fat_one_arm64'] = fat([(0x0100000c, 0, arm64)])
    out['syn_fat_arm64_arm64e'] = fat([(0x0100000c, 0, arm64), (0x0100000c, 2, with_sub(arm64, 0x0100000c, 2))])
    out['syn_fat64'] = fat([(0x01000007, 3, lib), (0x0100000c, 0, arm64)], magic=0xcafebabf, align=14)
    out['syn_fat_bad_other_slice'] = fat([(0x01000007, 3, lib), (0x0100000c, 0, b'\xcf\xfa\xed\xfe' + bytes(60))])

    # Values past the end of the file, where llvm-otool annotates rather than refuses.
    out['syn_pastend'] = macho([
        segment('__PAGEZERO', 0, 0x100000000, 0, 0, 0, 0),
        segment('__TEXT', TEXT_VM, 0x3000, 0, FILE_SIZE, sects=[
            section('__text', '__TEXT', TEXT_VM + 0x1000, 0x10, 0x1000, align=4, flags=0x80000400),
            section('__bss', '__DATA', TEXT_VM + 0x2000, 0x800, 0x1f00, align=3, flags=0x1),
            section('__common', '__TEXT', TEXT_VM + 0x2800, 0x400, 0, align=40, flags=0x1),
            section('__stubs', '__TEXT', TEXT_VM + 0x1010, 0x6, 0x1010, align=1, flags=0x80000408, r1=0, r2=6),
            section('__la', '__TEXT', TEXT_VM + 0x1018, 0x8, 0x1018, align=3, flags=0x7, r1=1),
            section('__tlvp', '__TEXT', TEXT_VM + 0x1020, 0x8, 0x1020, align=3, flags=0x14, r1=2),
            section('__lazyd', '__TEXT', TEXT_VM + 0x1028, 0x8, 0x1028, align=3, flags=0x10, r1=3),
        ]),
        lc(0x2c, struct.pack('<IIII', 0x1000, 0x1000, 0, 0)),
        lc(0x80000028, struct.pack('<QQ', 0x1000, 0x800000)),
    ], filetype=2)
    return out


def bad_files():
    """Files LLVM's reader refuses, one problem each: `machrun otool` must refuse them too
    (exit status 1, one line on stderr, nothing on stdout)."""
    idd = dylib_cmd(0xd, '/usr/lib/libsyn.dylib')
    base = [text_segment(), idd]
    big = lambda cmd, body, extra=8: lc(cmd, body + b'\0' * extra)
    cases = {
        'linkopt_count': [lc(0x2d, struct.pack('<I', 3) + cstr('-lz'))],
        'linkopt_unterminated': [struct.pack('<III', 0x2d, 24, 1) + b'-lzzzzzzzzzz'],
        'encrypt32_in_64': [lc(0x21, struct.pack('<III', 0x1000, 0x10, 0))],
        'prebound': [lc(0x10, struct.pack('<III', 20, 3, 28) + cstr('libpre') + b'\x05\0')],
        'symseg': [lc(0x3, struct.pack('<II', 0, 0))],
        'fvmfile': [lc(0x9, struct.pack('<II', 12, 0x1000) + cstr('fvm'))],
        'prebind_cksum': [lc(0x17, struct.pack('<I', 0x1234))],
        'loadfvmlib': [lc(0x6, struct.pack('<III', 20, 1, 0x1000) + cstr('x'))],
        'thread_count': [lc(0x4, x86_thread64(count=40))],
        'thread_flavor': [lc(0x4, struct.pack('<II', 99, 2) + b'\0' * 8)],
        'thread_short': [lc(0x4, struct.pack('<II', 4, 42) + thread_state([7] * 21)[:100])],
        'thread_tail': [lc(0x4, x86_thread64() + struct.pack('<I', 4))],
        'thread_exc_count': [lc(0x4, struct.pack('<II', 6, 3) + struct.pack('<HHIQ', 13, 0, 1, 0x1234))],
        'two_unixthread': [lc(0x5, x86_thread64()), lc(0x5, x86_thread64())],
        'symtab_size': [big(0x2, struct.pack('<IIII', 0, 0, 0, 0))],
        'dysymtab_size': [big(0xb, b'\0' * 72)],
        'dyldinfo_size': [big(0x80000022, b'\0' * 40)],
        'uuid_size': [big(0x1b, bytes(16))],
        'vmin_size': [big(0x24, struct.pack('<II', 0x000a0e00, 0))],
        'note_size': [big(0x31, struct.pack('<16sQQ', b'x', 0, 0))],
        'buildver_size': [big(0x32, struct.pack('<IIII', 1, 0x000c0000, 0x000d0100, 1) + struct.pack('<II', 3, 1))],
        'srcver_size': [big(0x2a, struct.pack('<Q', 1 << 40))],
        'main_size': [big(0x80000028, struct.pack('<QQ', 0x1000, 0))],
        'encrypt64_size': [big(0x2c, struct.pack('<IIII', 0, 0, 0, 0))],
        'routines64_size': [big(0x1a, struct.pack('<QQ6Q', 0, 0, 0, 0, 0, 0, 0, 0))],
        'fstarts_size': [big(0x26, struct.pack('<II', 0, 0))],
        'chained_size': [big(0x80000034, struct.pack('<II', 0, 0))],
        'twolevel_size': [big(0x16, struct.pack('<II', 0, 0))],
        'sub_framework_off': [lc(0x12, struct.pack('<I', 64) + cstr('x'))],
        'sub_umbrella_off': [lc(0x13, struct.pack('<I', 64) + cstr('x'))],
        'sub_client_off': [lc(0x14, struct.pack('<I', 64) + cstr('x'))],
        'sub_library_off': [lc(0x15, struct.pack('<I', 64) + cstr('x'))],
        'dyld_env_off': [lc(0x27, struct.pack('<I', 64) + cstr('x'))],
        'rpath_off': [lc(0x8000001c, struct.pack('<I', 200) + cstr('x'))],
        'rpath_inside': [lc(0x8000001c, struct.pack('<I', 8) + cstr('x'))],
        'dylib_inside': [dylib_cmd(0xc, '/usr/lib/libSystem.B.dylib', off=16)],
        'dylib_unterminated': [struct.pack('<IIIIII', 0xc, 32, 24, 0, 0, 0) + b'abcdefgh'],
        'two_vmin': [lc(0x24, struct.pack('<II', 0x000a0e00, 0)), lc(0x25, struct.pack('<II', 0x000e0000, 0))],
        'two_id': [idd],
        'two_uuid': [lc(0x1b, bytes(16)), lc(0x1b, bytes(16))],
        'two_fstarts': [lc(0x26, struct.pack('<II', 0x1a00, 0)), lc(0x26, struct.pack('<II', 0x1a00, 0))],
        'note_range': [lc(0x31, struct.pack('<16sQQ', b'x', 0x1f00, 0x200))],
        'linkedit_range': [lc(0x29, struct.pack('<II', 0x1f00, 0x200))],
        'encrypt_range': [lc(0x2c, struct.pack('<IIII', 0x1000, 0x2000, 0, 0))],
        'symtab_range': [lc(0x2, struct.pack('<IIII', 0x1f00, 0x100, 0, 0))],
        'dyldinfo_range': [lc(0x80000022, struct.pack('<10I', 0, 0, 0x1ff0, 0x20, 0, 0, 0, 0, 0, 0))],
        'dysymtab_alone': [lc(0xb, b'\0' * 72)],
        'dysymtab_locals': [lc(0x2, struct.pack('<IIII', 0x1800, 2, 0x1900, 0x10)),
                            lc(0xb, struct.pack('<18I', 1, 5, *([0] * 16)))],
        'segment_range': [segment('__DATA', TEXT_VM + 0x2000, 0x1000, 0x1800, 0x1000, 3, 3)],
        'segment_filesize': [segment('__DATA', TEXT_VM + 0x2000, 0x100, 0x1800, 0x200, 3, 3)],
        'section_range': [segment('__DATA', TEXT_VM + 0x2000, 0x1000, 0x1000, 0x1000, 3, 3, sects=[
            section('__data', '__DATA', TEXT_VM + 0x2000, 0x1000, 0x1800)])],
        'section_outside': [segment('__DATA', TEXT_VM + 0x2000, 0x1000, 0x1000, 0x1000, 3, 3, sects=[
            section('__data', '__DATA', TEXT_VM + 0x2800, 0x1000, 0x1000)])],
        'section_relocs': [segment('__DATA', TEXT_VM + 0x2000, 0x1000, 0x1000, 0x1000, 3, 3, sects=[
            section('__data', '__DATA', TEXT_VM + 0x2000, 0x10, 0x1000, reloff=0x1ff8, nreloc=2)])],
        'section_nsects': [segment('__DATA', TEXT_VM + 0x2000, 0x1000, 0x1000, 0x1000, 3, 3, cmdsize=72 + 40, sects=[
            section('__data', '__DATA', TEXT_VM + 0x2000, 0x10, 0x1000)])],
    }
    out = {}
    for name, cmds in cases.items():
        out['bad_' + name] = macho(base + cmds)
    blob = b''.join(base)
    out['bad_cmdsize_odd'] = macho(base + [struct.pack('<II', 0x1b, 28) + bytes(20)])
    out['bad_cmdsize_small'] = macho(base + [struct.pack('<II', 0x77, 4)], sizeofcmds=len(blob) + 8)
    out['bad_ncmds'] = macho(base, ncmds=3)
    out['bad_sizeofcmds_file'] = macho(base, sizeofcmds=FILE_SIZE)
    out['bad_no_id'] = macho([text_segment()])
    good = macho(base)
    arm = bytearray(good)
    struct.pack_into('<iI', arm, 4, 0x0100000c, 0)
    arm = bytes(arm)
    out['bad_fat_host_slice'] = fat([(0x0100000c, 0, arm), (0x01000007, 3, out['bad_uuid_size'])])
    out['bad_fat_cputype'] = fat([(0x01000007, 3, arm), (0x0100000c, 0, arm)])
    out['bad_fat_same_arch'] = fat([(0x0100000c, 0, arm), (0x0100000c, 0, arm)])
    out['bad_fat_misaligned'] = fat([(0x01000007, 3, good), (0x0100000c, 0, arm)], offsets=[0x1000, 0x3100])
    out['bad_fat_overlap'] = fat([(0x01000007, 3, good), (0x0100000c, 0, arm)], offsets=[0x1000, 0x2000])
    out['bad_fat_align'] = fat([(0x01000007, 3, good)], align=16)
    out['bad_fat_empty'] = struct.pack('>II', 0xcafebabe, 0) + bytes(56)
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, data in list(files().items()) + list(bad_files().items()):
        path = os.path.join(outdir, name + '.macho')
        with open(path, 'wb') as f:
            f.write(data)
        print(path)


if __name__ == '__main__':
    main()
