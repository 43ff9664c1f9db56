# layout.cmake — checks of the source tree's shape. layout.cycles: no two files of src/ call
# each other, directly or round a loop (tests/layout/cycles.py over machrun's objects).
find_program(PYTHON3 python3)
if(PYTHON3)
  add_test(NAME layout.cycles
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/layout/cycles.py ${CMAKE_BINARY_DIR})
endif()
