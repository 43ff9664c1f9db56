# cxx.cmake — C++ across images: a C++ dylib (libcxxshape: a class hierarchy with key
# functions, a template with weak typeinfo, its own exception types), a program and a
# dlopen'ed C++ plugin, all linked against the shipped libc++.1.dylib. Exceptions cross the
# images both ways, dynamic_cast and typeid agree across them (weak definitions coalesced),
# and the program's replaced operator new serves the dylib's, the plugin's and libc++'s
# allocations. Built with clang-19 + ld64.lld-19 (chained fixups) and natively with g++; see
# tests/cxx/build.sh for why there is no zig flavour.
if(MACHRUN_HAVE_LIBCXX)
  set(CXXSET_OUT ${CMAKE_CURRENT_BINARY_DIR}/cxx)
  set(CXXSET_SRC ${CMAKE_CURRENT_SOURCE_DIR}/cxx)
  add_custom_command(OUTPUT ${CXXSET_OUT}/lld/main ${CXXSET_OUT}/native/main
    COMMAND ${CXXSET_SRC}/build.sh ${CXXSET_SRC} ${CXXSET_OUT} ${CLANG19} ${LD64LLD19} ${CLANG19_RES} ${ZIG_DIR}
            ${MACHRUN_LIBROOT} ${CMAKE_CURRENT_BINARY_DIR}/programs/libc++.tbd
    DEPENDS ${CXXSET_SRC}/build.sh ${CXXSET_SRC}/libcxxshape.h ${CXXSET_SRC}/libcxxshape.cpp ${CXXSET_SRC}/plugin.cpp
            ${CXXSET_SRC}/main.cpp ${CMAKE_CURRENT_BINARY_DIR}/programs/libc++.tbd
    VERBATIM)
  add_custom_target(test-cxx-fixtures ALL DEPENDS ${CXXSET_OUT}/lld/main)
  add_test(NAME cxx.images.lld
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/dyld/compare_set.sh $<TARGET_FILE:machrun> ${CXXSET_OUT} lld)
endif()
