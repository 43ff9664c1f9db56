# layout.cmake — checks of the source tree's shape. layout.cycles: no two files of src/ call
# each other, directly or round a loop (tests/layout/cycles.py over machrun's objects). The
# cycle left inside src/dyld (dlfcn.c and start.c) is allowed until dyld's own rework breaks it.
find_program(PYTHON3 python3)
if(PYTHON3)
  add_test(NAME layout.cycles
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/layout/cycles.py ${CMAKE_BINARY_DIR}
            --allow dyld/dlfcn.c --allow dyld/start.c)
endif()
