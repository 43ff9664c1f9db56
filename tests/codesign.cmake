# codesign.cmake — code signatures (issue 10): verifying ld64.lld-19's ad hoc signatures and
# Go's, rejecting tampered and malformed ones, ad hoc signing thin and universal files,
# -d display lines, entitlements round trip, and in-memory unit checks (cs_tool unit).
set(CS_OUT ${CMAKE_CURRENT_BINARY_DIR}/codesign)
add_custom_command(OUTPUT ${CS_OUT}/hello.lld ${CS_OUT}/hello.zig ${CS_OUT}/hello.fat
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/codesign/build.sh
          ${CMAKE_CURRENT_SOURCE_DIR}/codesign ${CS_OUT} ${ZIG} ${CLANG19} ${LD64LLD19} ${CLANG19_RES} ${ZIG_DIR} ${LLVM_LIPO19}
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/codesign/build.sh ${CMAKE_CURRENT_SOURCE_DIR}/codesign/hello.c
  VERBATIM)
add_custom_target(test-codesign-fixtures ALL DEPENDS ${CS_OUT}/hello.lld)

add_executable(cs_tool ${CMAKE_CURRENT_SOURCE_DIR}/codesign/cs_tool.c
               $<TARGET_OBJECTS:mr_codesign> $<TARGET_OBJECTS:mr_macho>)
target_link_libraries(cs_tool PRIVATE PkgConfig::LIBCRYPTO PkgConfig::LIBPLIST)

add_test(NAME codesign.unit COMMAND cs_tool unit)
foreach(c lld_verify tamper sign_zig pages_vs_lld display cms entitlements fat malformed esbuild)
  add_test(NAME codesign.${c}
    COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} MACHRUN_CACHE=${MR_CACHE}
            ${CMAKE_CURRENT_SOURCE_DIR}/codesign/cs_tests.sh ${c} $<TARGET_FILE:machrun> $<TARGET_FILE:cs_tool>
            ${CS_OUT} ${CMAKE_CURRENT_BINARY_DIR}/codesign-work ${LLVM_OTOOL19} ${LLVM_LIPO19}
            ${CMAKE_CURRENT_SOURCE_DIR}/codesign)
endforeach()

# libFuzzer target (clang-19, ASan+UBSan) over cs_check_image and cs_parse/cs_verify, run for
# a few seconds from seeds made at test time: the lld-signed, unsigned and an ad hoc signed
# (entitlements, two CodeDirectories) fixture.
if(MACHRUN_FUZZ AND CLANG19)
  file(GLOB _cs_fuzz_macho CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/macho/*.c)
  add_custom_command(OUTPUT ${CS_OUT}/fuzz_codesign
    COMMAND ${CLANG19} -g -O1 -fsanitize=fuzzer,address,undefined -I${CMAKE_SOURCE_DIR}/include
            ${CMAKE_CURRENT_SOURCE_DIR}/codesign/fuzz_codesign.c ${CMAKE_SOURCE_DIR}/src/codesign/verify.c
            ${_cs_fuzz_macho} -lcrypto -o ${CS_OUT}/fuzz_codesign
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/codesign/fuzz_codesign.c ${CMAKE_SOURCE_DIR}/src/codesign/verify.c
            ${_cs_fuzz_macho} ${CMAKE_SOURCE_DIR}/include/machrun/codesign.h
    VERBATIM)
  add_custom_target(test-codesign-fuzz ALL DEPENDS ${CS_OUT}/fuzz_codesign)
  add_test(NAME codesign.fuzz
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/codesign/fuzz.sh ${CS_OUT}/fuzz_codesign $<TARGET_FILE:machrun>
            ${CS_OUT} ${CMAKE_CURRENT_BINARY_DIR}/codesign-work/fuzz ${CMAKE_CURRENT_SOURCE_DIR}/codesign)
endif()
