# darwin.cmake — checks on the built-in libraries as a whole: every export implemented once,
# in one library of darwin_libraries.def (ldd --exports also checks the tables and that each
# single-symbol re-export names an implemented export).
add_test(NAME darwin.exports_unique
  COMMAND sh -c "out=$($<TARGET_FILE:machrun> ldd --exports | grep -v '^#' | grep -v ' re-export(') || exit 1; n=$(printf '%s\\n' \"$out\" | wc -l); \
d=$(printf '%s\\n' \"$out\" | awk '{print $2}' | sort | uniq -d); \
if [ -n \"$d\" ]; then echo \"declared twice:\"; echo \"$d\"; exit 1; fi; echo \"$n exports, all unique\"; [ $n -gt 300 ]")
