# fuzz.cmake — libFuzzer targets (clang-19 with AddressSanitizer and UBSan) over the Mach-O
# reader, run for a short time on the checked-in seed corpus in tests/fuzz/corpus/.
if(MACHRUN_FUZZ)
  file(GLOB MACHO_SRC ${CMAKE_SOURCE_DIR}/src/macho/*.c)
  set(FUZZ_MACHO ${CMAKE_CURRENT_BINARY_DIR}/fuzz_macho)
  add_custom_command(OUTPUT ${FUZZ_MACHO}
    COMMAND ${CLANG19} -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -I${CMAKE_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_macho.c ${MACHO_SRC} -o ${FUZZ_MACHO}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_macho.c ${MACHO_SRC} VERBATIM)
  add_custom_target(fuzzers ALL DEPENDS ${FUZZ_MACHO})
  # The corpus is copied so that the run's discoveries do not land in the source tree.
  add_test(NAME fuzz.macho
    COMMAND sh -c "rm -rf corpus-run && cp -r ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/macho corpus-run && \
${FUZZ_MACHO} -max_total_time=30 -rss_limit_mb=2048 -timeout=10 -artifact_prefix=./ corpus-run"
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(fuzz.macho PROPERTIES TIMEOUT 120)
endif()
