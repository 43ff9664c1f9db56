# darwin.cmake — checks on the built-in libraries as a whole: every export declared once.
add_test(NAME darwin.exports_unique
  COMMAND sh -c "out=$($<TARGET_FILE:machrun> ldd --exports) || exit 1; n=$(printf '%s\\n' \"$out\" | wc -l); \
d=$(printf '%s\\n' \"$out\" | awk '{print $2}' | sort | uniq -d); \
if [ -n \"$d\" ]; then echo \"declared twice:\"; echo \"$d\"; exit 1; fi; echo \"$n exports, all unique\"; [ $n -gt 300 ]")
