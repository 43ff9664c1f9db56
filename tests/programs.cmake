# programs.cmake — the differential harness. Each tests/programs/NAME.c / NAME.cpp is built
#   - for macOS with zig (dyld-info binding, unsigned)               -> NAME.zig.macho
#   - for macOS with clang-19 + ld64.lld-19 (chained fixups, ad hoc)  -> NAME.lld.macho
#   - natively with gcc/g++ (the oracle)                              -> NAME.native
# and each macOS build is compared with the native run by compare.sh (one CTest test each).
# Optional side files: NAME.args, NAME.stdin, NAME.env, NAME.expected (+ .status) for
# programs that use a macOS-only API.

set(PROG_DIR ${CMAKE_CURRENT_SOURCE_DIR}/programs)
set(PROG_OUT ${CMAKE_CURRENT_BINARY_DIR}/programs)
file(MAKE_DIRECTORY ${PROG_OUT})
file(GLOB PROGRAM_SOURCES CONFIGURE_DEPENDS ${PROG_DIR}/*.c ${PROG_DIR}/*.cpp)
set(PROGRAM_FIXTURES)

# Headers the programs share (self_path.h): a change rebuilds them all.
file(GLOB PROGRAM_HEADERS CONFIGURE_DEPENDS ${PROG_DIR}/*.h)
if(MACHRUN_HAVE_LIBCXX)
  find_program(LLVM_NM19 llvm-nm-19 REQUIRED)
  add_custom_command(OUTPUT ${PROG_OUT}/libc++.tbd
    COMMAND python3 ${PROG_DIR}/libcxx_tbd.py ${LLVM_NM19} ${MACHRUN_LIBROOT}/usr/lib/libc++.1.dylib
            ${MACHRUN_LIBROOT}/usr/lib/libc++abi.dylib ${PROG_OUT}/libc++.tbd
    DEPENDS libcxx ${MACHRUN_LIBROOT}/usr/lib/libc++.1.dylib ${MACHRUN_LIBROOT}/usr/lib/libc++abi.dylib
            ${PROG_DIR}/libcxx_tbd.py VERBATIM)
endif()
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
    DEPENDS ${src} ${PROGRAM_HEADERS} VERBATIM)
  # C++ is built the way Xcode builds it: against libc++'s headers and linked dynamically
  # with the libc++.1.dylib machrun ships (cmake/libcxx.cmake).
  set(lld_inc -nostdinc ${MACOS_INC})
  set(lld_libs ${LIBSYSTEM_TBD})
  set(lld_deps)
  if(ext STREQUAL ".cpp")
    set(lld_inc -nostdinc -nostdinc++ -isystem ${MACHRUN_LIBROOT}/usr/include/c++/v1 ${MACOS_INC})
    set(lld_libs ${PROG_OUT}/libc++.tbd ${LIBSYSTEM_TBD})
    set(lld_deps ${PROG_OUT}/libc++.tbd)
  endif()
  add_custom_command(OUTPUT ${PROG_OUT}/${name}.lld.macho
    COMMAND ${CLANG19} -target x86_64-apple-macos12 ${lld_inc} ${clang_lang} -O1 ${extra} -c ${src} -o ${PROG_OUT}/${name}.lld.o
    COMMAND ${LD64LLD19} -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains -adhoc_codesign
            ${PROG_OUT}/${name}.lld.o ${lld_libs} -o ${PROG_OUT}/${name}.lld.macho
    DEPENDS ${src} ${PROGRAM_HEADERS} ${lld_deps} VERBATIM)
  list(APPEND PROGRAM_FIXTURES ${PROG_OUT}/${name}.zig.macho)
  if(NOT EXISTS ${PROG_DIR}/${name}.expected)
    add_custom_command(OUTPUT ${PROG_OUT}/${name}.native
      COMMAND ${native_cc} -O1 ${extra} ${src} -o ${PROG_OUT}/${name}.native -lm
      DEPENDS ${src} ${PROGRAM_HEADERS} VERBATIM)
    list(APPEND PROGRAM_FIXTURES ${PROG_OUT}/${name}.native)
  endif()
  if(NOT ext STREQUAL ".cpp" OR MACHRUN_HAVE_LIBCXX)
    list(APPEND PROGRAM_FIXTURES ${PROG_OUT}/${name}.lld.macho)
  endif()

  set(native ${PROG_OUT}/${name}.native)
  if(EXISTS ${PROG_DIR}/${name}.expected)
    set(native -)
  endif()
  add_test(NAME diff.zig.${name}
    COMMAND ${PROG_DIR}/compare.sh $<TARGET_FILE:machrun> ${name} ${PROG_OUT}/${name}.zig.macho ${native} ${PROG_DIR})
  if(NOT ext STREQUAL ".cpp" OR MACHRUN_HAVE_LIBCXX)
    add_test(NAME diff.lld.${name}
      COMMAND ${PROG_DIR}/compare.sh $<TARGET_FILE:machrun> ${name} ${PROG_OUT}/${name}.lld.macho ${native} ${PROG_DIR})
  endif()
endforeach()
add_custom_target(test-programs ALL DEPENDS ${PROGRAM_FIXTURES})
