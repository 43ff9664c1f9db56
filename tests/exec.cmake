# exec.cmake — the activators and the exec pipeline's exit statuses and messages (issue 5).
add_test(NAME exec.activators
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/exec/exec_tests.sh
          $<TARGET_FILE:machrun> ${CMAKE_CURRENT_BINARY_DIR}/exec-work ${ZIG} ${CLANG19} ${LD64LLD19}
          ${CLANG19_RES} ${ZIG_DIR} ${LLVM_LIPO19} ${CMAKE_CURRENT_SOURCE_DIR}/exec)
