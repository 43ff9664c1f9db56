# otool.cmake — machrun otool against llvm-otool-19, and corrupted files that must not crash it.
find_program(GO119_OTOOL go PATHS /usr/lib/go-1.19/bin NO_DEFAULT_PATH)
add_test(NAME otool.llvm_and_corruption
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/otool/otool_tests.sh
          $<TARGET_FILE:machrun> ${CMAKE_CURRENT_BINARY_DIR}/otool-work ${CMAKE_CURRENT_SOURCE_DIR}/otool
          ${ZIG} ${CLANG19} ${LD64LLD19} ${CLANG19_RES} ${ZIG_DIR} ${LLVM_LIPO19} ${GO119_OTOOL})
set_tests_properties(otool.llvm_and_corruption PROPERTIES TIMEOUT 600)
