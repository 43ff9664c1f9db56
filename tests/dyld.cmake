# dyld.cmake — dylibs from disk (@rpath), constructors/destructors, atexit order, dlopen of a
# plugin, dlsym of present and missing symbols, dladdr, weak definitions: a program and two
# libraries built with zig, with clang-19 + ld64.lld-19 (chained fixups) and natively.
set(DYLD_OUT ${CMAKE_CURRENT_BINARY_DIR}/dyld)
add_custom_command(OUTPUT ${DYLD_OUT}/zig/main ${DYLD_OUT}/lld/main ${DYLD_OUT}/native/main
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/dyld/build.sh
          ${CMAKE_CURRENT_SOURCE_DIR}/dyld ${DYLD_OUT} ${ZIG} ${CLANG19} ${LD64LLD19} ${CLANG19_RES} ${ZIG_DIR}
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/dyld/build.sh ${CMAKE_CURRENT_SOURCE_DIR}/dyld/main.c
          ${CMAKE_CURRENT_SOURCE_DIR}/dyld/libshape.c ${CMAKE_CURRENT_SOURCE_DIR}/dyld/plugin.c
  VERBATIM)
add_custom_target(test-dyld-fixtures ALL DEPENDS ${DYLD_OUT}/zig/main)
add_test(NAME dyld.dylibs.lld COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/dyld/compare_set.sh $<TARGET_FILE:machrun> ${DYLD_OUT} lld)
add_test(NAME dyld.dylibs.zig COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/dyld/compare_set.sh $<TARGET_FILE:machrun> ${DYLD_OUT} zig "^hook:")
