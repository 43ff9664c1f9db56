/*
 * macho_abi.h — the constants of the Mach-O format that more than one stage reads, by name, as
 * <mach-o/loader.h> and <mach-o/nlist.h> define them (MO_ prefix: glibc has none of them, and
 * the prefix keeps them apart from any host header): the magic numbers, load commands
 * (generated from macho_loader.def), section types and attributes, and nlist type bits. No other file defines
 * a Mach-O constant of its own.
 */
#ifndef MACHRUN_MACHO_ABI_H
#define MACHRUN_MACHO_ABI_H

/* Magic numbers (<mach-o/loader.h>, <mach-o/fat.h>): a thin header's first word as read on
 * a little-endian host (CIGAM: the other byte order); a universal header's, big-endian. */
#define MO_MH_MAGIC_64   0xfeedfacfu
#define MO_MH_CIGAM_64   0xcffaedfeu
#define MO_MH_MAGIC      0xfeedfaceu
#define MO_MH_CIGAM      0xcefaedfeu
#define MO_FAT_MAGIC     0xcafebabeu
#define MO_FAT_MAGIC_64  0xcafebabfu

#define MO_LC_REQ_DYLD 0x80000000u  /* a load command dyld must understand */
enum mo_load_command_type {
#define MO_LOAD_COMMAND(name, value) MO_##name = value,
#include "machrun/macho_loader.def"
#undef MO_LOAD_COMMAND
};

/* Section types: the low byte of section_64.flags. */
#define MO_SECTION_TYPE                 0xffu
#define MO_S_REGULAR                    0x0u
#define MO_S_ZEROFILL                   0x1u
#define MO_S_NON_LAZY_SYMBOL_POINTERS   0x6u
#define MO_S_LAZY_SYMBOL_POINTERS       0x7u
#define MO_S_MOD_INIT_FUNC_POINTERS     0x9u
#define MO_S_MOD_TERM_FUNC_POINTERS     0xau
#define MO_S_GB_ZEROFILL                0xcu
#define MO_S_THREAD_LOCAL_REGULAR       0x11u
#define MO_S_THREAD_LOCAL_ZEROFILL      0x12u
#define MO_S_THREAD_LOCAL_VARIABLES     0x13u
#define MO_S_INIT_FUNC_OFFSETS          0x16u

/* Indirect symbol table entries that name no symbol. */
#define MO_INDIRECT_SYMBOL_LOCAL 0x80000000u
#define MO_INDIRECT_SYMBOL_ABS   0x40000000u

/* nlist_64.n_type and n_desc bits. */
#define MO_N_EXT      0x01u
#define MO_N_TYPE     0x0eu
#define MO_N_UNDF     0x0u
#define MO_N_SECT     0x0eu
#define MO_N_WEAK_REF 0x0040u
#define MO_N_WEAK_DEF 0x0080u


/* The dyld-info streams (<mach-o/loader.h>): an opcode in the high nibble of each byte, an
 * immediate in the low one. */
#define MO_REBASE_OPCODE_MASK                               0xf0u
#define MO_REBASE_IMMEDIATE_MASK                            0x0fu
#define MO_REBASE_TYPE_POINTER                              1u
#define MO_REBASE_TYPE_TEXT_ABSOLUTE32                      2u
#define MO_REBASE_OPCODE_DONE                               0x00u
#define MO_REBASE_OPCODE_SET_TYPE_IMM                       0x10u
#define MO_REBASE_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB        0x20u
#define MO_REBASE_OPCODE_ADD_ADDR_ULEB                      0x30u
#define MO_REBASE_OPCODE_ADD_ADDR_IMM_SCALED                0x40u
#define MO_REBASE_OPCODE_DO_REBASE_IMM_TIMES                0x50u
#define MO_REBASE_OPCODE_DO_REBASE_ULEB_TIMES               0x60u
#define MO_REBASE_OPCODE_DO_REBASE_ADD_ADDR_ULEB            0x70u
#define MO_REBASE_OPCODE_DO_REBASE_ULEB_TIMES_SKIPPING_ULEB 0x80u
#define MO_BIND_OPCODE_MASK                                 0xf0u
#define MO_BIND_IMMEDIATE_MASK                              0x0fu
#define MO_BIND_TYPE_POINTER                                1u
#define MO_BIND_SYMBOL_FLAGS_WEAK_IMPORT                    0x1u
#define MO_BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION            0x8u
#define MO_BIND_OPCODE_DONE                                 0x00u
#define MO_BIND_OPCODE_SET_DYLIB_ORDINAL_IMM                0x10u
#define MO_BIND_OPCODE_SET_DYLIB_ORDINAL_ULEB               0x20u
#define MO_BIND_OPCODE_SET_DYLIB_SPECIAL_IMM                0x30u
#define MO_BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM        0x40u
#define MO_BIND_OPCODE_SET_TYPE_IMM                         0x50u
#define MO_BIND_OPCODE_SET_ADDEND_SLEB                      0x60u
#define MO_BIND_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB          0x70u
#define MO_BIND_OPCODE_ADD_ADDR_ULEB                        0x80u
#define MO_BIND_OPCODE_DO_BIND                              0x90u
#define MO_BIND_OPCODE_DO_BIND_ADD_ADDR_ULEB                0xa0u
#define MO_BIND_OPCODE_DO_BIND_ADD_ADDR_IMM_SCALED          0xb0u
#define MO_BIND_OPCODE_DO_BIND_ULEB_TIMES_SKIPPING_ULEB     0xc0u

#endif
