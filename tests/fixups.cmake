# fixups.cmake — the loader's batched fixup walks (mo_dyld_info_rebase_batches,
# mo_chained_fixups_batched) against the per-fixup ones, on the programs the suite builds
# both ways (zig: dyld-info; lld: chained fixups) and on corrupted copies, under ASan+UBSan.
if(CLANG19)
  file(GLOB FIXUPS_MACHO_SRC ${CMAKE_SOURCE_DIR}/src/macho/*.c)
  set(FIXUPS_BATCHES ${CMAKE_CURRENT_BINARY_DIR}/fixups_batches)
  add_custom_command(OUTPUT ${FIXUPS_BATCHES}
    COMMAND ${CLANG19} -std=c11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all
            -I${CMAKE_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/fixups/batches.c ${FIXUPS_MACHO_SRC}
            -o ${FIXUPS_BATCHES}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fixups/batches.c ${FIXUPS_MACHO_SRC} VERBATIM)
  add_custom_target(fixups-batches ALL DEPENDS ${FIXUPS_BATCHES})
  add_test(NAME macho.fixup_batches
    COMMAND sh -c "set -- $(ls \"$1\"/*.zig.macho \"$1\"/*.lld.macho 2>/dev/null); [ $# -gt 4 ] || { echo 'no fixtures'; exit 1; }; exec \"$0\" \"$@\""
            ${FIXUPS_BATCHES} ${CMAKE_CURRENT_BINARY_DIR}/programs)
endif()
