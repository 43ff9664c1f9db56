# layout.cmake — checks of the source tree's shape. layout.cycles: no two files of src/ call
# each other, directly or round a loop (tests/layout/cycles.py over machrun's objects).
# layout.bare_errno: no Darwin error number is written as a bare number in src/lib or
# src/frameworks (tests/layout/bare_errno.py over the sources).
find_program(PYTHON3 python3)
if(PYTHON3)
  add_test(NAME layout.cycles
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/layout/cycles.py ${CMAKE_BINARY_DIR})
  add_test(NAME layout.bare_errno
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/layout/bare_errno.py ${CMAKE_SOURCE_DIR})
endif()
