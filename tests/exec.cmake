# exec.cmake — the activators and the exec pipeline's exit statuses and messages (issue 5).
add_test(NAME exec.activators
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/exec/exec_tests.sh
          $<TARGET_FILE:machrun> ${CMAKE_CURRENT_BINARY_DIR}/exec-work ${ZIG} ${CLANG19} ${LD64LLD19}
          ${CLANG19_RES} ${ZIG_DIR} ${LLVM_LIPO19} ${CMAKE_CURRENT_SOURCE_DIR}/exec)

# Launch speed depends on machrun being a static PIE (see CMakeLists.txt): no interpreter, no
# shared library to load, position-independent so the kernel places it above the guest's
# low 4 GiB. A dependency added by accident (a new -l) fails here, not only in bench/.
add_test(NAME exec.static_pie
  COMMAND sh -c "h=$(readelf -hd \"$1\") || exit 1; \
echo \"$h\" | grep -q 'Type: *DYN' || { echo 'machrun is not position-independent'; exit 1; }; \
if echo \"$h\" | grep -q '(NEEDED)'; then echo 'machrun loads shared libraries:'; echo \"$h\" | grep NEEDED; exit 1; fi; \
if readelf -l \"$1\" | grep -q INTERP; then echo 'machrun has a program interpreter'; exit 1; fi; \
echo 'static PIE, no shared libraries'" sh $<TARGET_FILE:machrun>)

# The classifier and the PATH walker every exec path shares (include/machrun/exec_image.h).
add_executable(exec_image_unit ${CMAKE_CURRENT_SOURCE_DIR}/exec/image_unit.c)
add_test(NAME exec.image_unit COMMAND exec_image_unit)

# A FIFO, a device or a directory as any input: one line and a defined status at once.
# And mutants the loader refuses: unknown protection bits, an initializer table in an
# unreadable segment, an entry point outside the code.
add_test(NAME exec.bad_inputs
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/exec/bad_inputs.sh $<TARGET_FILE:machrun>
          ${CMAKE_CURRENT_BINARY_DIR}/bad-inputs-work ${ZIG} ${CMAKE_CURRENT_SOURCE_DIR}/exec)
