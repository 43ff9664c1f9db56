# darwin.cmake — checks on the built-in libraries as a whole: every export implemented once,
# in one library of darwin_libraries.def (ldd --exports also checks the tables and that each
# single-symbol re-export names an implemented export).
add_test(NAME darwin.exports_unique
  COMMAND sh -c "out=$($<TARGET_FILE:machrun> ldd --exports | grep -v '^#' | grep -v ' re-export(') || exit 1; n=$(printf '%s\\n' \"$out\" | wc -l); \
d=$(printf '%s\\n' \"$out\" | awk '{print $2}' | sort | uniq -d); \
if [ -n \"$d\" ]; then echo \"declared twice:\"; echo \"$d\"; exit 1; fi; echo \"$n exports, all unique\"; [ $n -gt 300 ]")

# Every export of a library of libSystem is in the library macOS exports it from, by Apple's
# own stub (LIBSYSTEM_TBD, zig's libSystem.13.tbd): the folder rule of docs/architecture.md.
# Fails on any misplaced export or one macOS does not have, listing all of them.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME darwin.exports_vs_tbd
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/darwin/exports_vs_tbd.py
          $<TARGET_FILE:machrun> ${LIBSYSTEM_TBD} --report)
