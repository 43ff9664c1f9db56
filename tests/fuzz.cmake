# fuzz.cmake — libFuzzer targets (clang-19 with AddressSanitizer and UBSan) over the Mach-O
# reader, each run for a short time on its checked-in seed corpus in tests/fuzz/corpus/NAME:
#   macho   the whole reader on whole files (header, load commands, symbols, every fixup kind)
#   fixups  dyld-info opcode streams and chained fixups, fed raw (tests/fuzz/fuzz_fixups.c)
#   trie    the exports trie, fed raw (tests/fuzz/fuzz_trie.c)
# Seeds come from real binaries (tests/fuzz/make_seeds.py); whatever a run finds is added to
# the corpus as regress-* with its fix. A run prints libFuzzer's "Done N runs" line.
if(MACHRUN_FUZZ)
  file(GLOB MACHO_SRC ${CMAKE_SOURCE_DIR}/src/macho/*.c)
  set(_fuzzers)
  foreach(name macho fixups trie)
    set(bin ${CMAKE_CURRENT_BINARY_DIR}/fuzz_${name})
    add_custom_command(OUTPUT ${bin}
      COMMAND ${CLANG19} -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
              -I${CMAKE_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_${name}.c ${MACHO_SRC} -o ${bin}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_${name}.c ${MACHO_SRC} VERBATIM)
    list(APPEND _fuzzers ${bin})
    # The corpus is copied so that the run's discoveries do not land in the source tree.
    add_test(NAME fuzz.${name}
      COMMAND sh -c "rm -rf corpus-${name} && cp -r ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name} corpus-${name} && \
${bin} -max_total_time=20 -rss_limit_mb=2048 -timeout=10 -artifact_prefix=./${name}- corpus-${name}"
      WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(fuzz.${name} PROPERTIES TIMEOUT 120)
  endforeach()
  add_custom_target(fuzzers ALL DEPENDS ${_fuzzers})
endif()
