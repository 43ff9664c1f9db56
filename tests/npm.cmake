# npm.cmake — real tools from npm (esbuild: Go; ast-grep: Rust) against their Linux builds.
add_test(NAME npm.tools
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/npm/npm_tools.sh $<TARGET_FILE:machrun> ${CMAKE_CURRENT_SOURCE_DIR}/npm
          ${CMAKE_CURRENT_BINARY_DIR}/npm-work)
set_tests_properties(npm.tools PROPERTIES TIMEOUT 300)

# Rust tools from npm (biome, dprint with its Wasm JIT, rumdl --watch on FSEvents, git-cliff,
# sherif, lightningcss, turbo) against their Linux builds of the same version.
add_test(NAME npm.rust_tools
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/npm/rust_tools.sh $<TARGET_FILE:machrun> ${CMAKE_CURRENT_SOURCE_DIR}/npm
          ${CMAKE_CURRENT_BINARY_DIR}/npm-rust-work)
set_tests_properties(npm.rust_tools PROPERTIES TIMEOUT 300)
