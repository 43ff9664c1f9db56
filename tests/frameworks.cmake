# frameworks.cmake — machrun's CoreFoundation, CoreServices (FSEvents), Security (trust), libdispatch and Blocks
# from a C program built for macOS with clang-19 + ld64.lld-19, linked two-level against the
# framework stubs machrun writes (`machrun ldd --tbd`: zig's SDK has no framework stubs), its
# output against an expected file.
set(FW_DIR ${CMAKE_CURRENT_SOURCE_DIR}/frameworks)
set(FW_OUT ${CMAKE_CURRENT_BINARY_DIR}/frameworks)
file(MAKE_DIRECTORY ${FW_OUT})
foreach(fw CoreFoundation CoreServices Security)
  add_custom_command(OUTPUT ${FW_OUT}/${fw}.tbd
    COMMAND $<TARGET_FILE:machrun> ldd --tbd ${fw} > ${FW_OUT}/${fw}.tbd
    DEPENDS machrun VERBATIM)
endforeach()
add_custom_command(OUTPUT ${FW_OUT}/fsevents_dispatch.macho
  COMMAND ${CLANG19} -target x86_64-apple-macos12 -nostdinc ${MACOS_INC} -fblocks -O1
          -c ${FW_DIR}/fsevents_dispatch.c -o ${FW_OUT}/fsevents_dispatch.o
  COMMAND ${LD64LLD19} -arch x86_64 -platform_version macos 12.0 12.0
          ${FW_OUT}/fsevents_dispatch.o ${LIBSYSTEM_TBD} ${FW_OUT}/CoreFoundation.tbd ${FW_OUT}/CoreServices.tbd
          -o ${FW_OUT}/fsevents_dispatch.macho
  DEPENDS ${FW_DIR}/fsevents_dispatch.c ${FW_OUT}/CoreFoundation.tbd ${FW_OUT}/CoreServices.tbd VERBATIM)
add_custom_command(OUTPUT ${FW_OUT}/security_trust.macho
  COMMAND ${CLANG19} -target x86_64-apple-macos12 -nostdinc ${MACOS_INC} -O1
          -c ${FW_DIR}/security_trust.c -o ${FW_OUT}/security_trust.o
  COMMAND ${LD64LLD19} -arch x86_64 -platform_version macos 12.0 12.0
          ${FW_OUT}/security_trust.o ${LIBSYSTEM_TBD} ${FW_OUT}/CoreFoundation.tbd ${FW_OUT}/Security.tbd
          -o ${FW_OUT}/security_trust.macho
  DEPENDS ${FW_DIR}/security_trust.c ${FW_OUT}/CoreFoundation.tbd ${FW_OUT}/Security.tbd VERBATIM)
add_custom_target(test-frameworks ALL DEPENDS ${FW_OUT}/fsevents_dispatch.macho ${FW_OUT}/security_trust.macho)
add_test(NAME frameworks.fsevents_dispatch
  COMMAND sh -c "rm -rf \"$1\" && mkdir -p \"$1\" && \"$2\" \"$3\" \"$1\" > \"$1.out\" && diff -u \"$4\" \"$1.out\""
          sh ${FW_OUT}/watched $<TARGET_FILE:machrun> ${FW_OUT}/fsevents_dispatch.macho
          ${FW_DIR}/fsevents_dispatch.expected)
set_tests_properties(frameworks.fsevents_dispatch PROPERTIES TIMEOUT 60)
# Security's trust evaluation: the fixtures of frameworks/trust (made by make_certs.sh there)
# and the host's CA bundle as the system's roots.
add_test(NAME frameworks.security_trust
  COMMAND sh -c "\"$1\" \"$2\" \"$3\" > \"$5\" && diff -u \"$4\" \"$5\""
          sh $<TARGET_FILE:machrun> ${FW_OUT}/security_trust.macho ${FW_DIR}/trust
          ${FW_DIR}/security_trust.expected ${FW_OUT}/security_trust.out)
set_tests_properties(frameworks.security_trust PROPERTIES TIMEOUT 60)
# The same under a deny-default sandbox (Landlock, then with the supervisor): libcrypto is not
# preloaded for sandboxed programs but opened on first use, from the files the sandbox grants
# as macOS grants dyld's shared cache (src/hostlib/hostlib.c). The profile grants the CA bundle.
foreach(form landlock supervised)
  add_test(NAME frameworks.security_trust_sandboxed_${form}
    COMMAND sh -c "sb=\"$5.$6.sb\"
      { echo '(version 1)'; echo '(deny default)'; echo '(allow process-exec)'; echo '(allow file-read-metadata)'
        [ \"$6\" = supervised ] && echo '(deny file-read* (regex #\"^/nonexistent/never.*\"))'
        echo \"(allow file-read* (literal \\\"$2\\\") (subpath \\\"$3\\\") (subpath \\\"/etc/ssl\\\") (subpath \\\"/usr/share/ca-certificates\\\"))\"
      } > \"$sb\" &&
      \"$1\" sandbox-exec -f \"$sb\" \"$2\" \"$3\" > \"$5.$6\" && diff -u \"$4\" \"$5.$6\""
            sh $<TARGET_FILE:machrun> ${FW_OUT}/security_trust.macho ${FW_DIR}/trust
            ${FW_DIR}/security_trust.expected ${FW_OUT}/security_trust.sandboxed ${form})
  set_tests_properties(frameworks.security_trust_sandboxed_${form} PROPERTIES TIMEOUT 60)
endforeach()

# Constant CFStrings (CFSTR: __DATA,__cfstring) through CoreFoundation's string calls.
add_custom_command(OUTPUT ${FW_OUT}/cf_constant_strings.macho
  COMMAND ${CLANG19} -target x86_64-apple-macos12 -nostdinc ${MACOS_INC} -O1
          -c ${FW_DIR}/cf_constant_strings.c -o ${FW_OUT}/cf_constant_strings.o
  COMMAND ${LD64LLD19} -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains
          ${FW_OUT}/cf_constant_strings.o ${LIBSYSTEM_TBD} ${FW_OUT}/CoreFoundation.tbd
          -o ${FW_OUT}/cf_constant_strings.macho
  DEPENDS ${FW_DIR}/cf_constant_strings.c ${FW_OUT}/CoreFoundation.tbd VERBATIM)
add_custom_target(test-frameworks-cfstr ALL DEPENDS ${FW_OUT}/cf_constant_strings.macho)
add_test(NAME frameworks.cf_constant_strings
  COMMAND sh -c "\"$1\" \"$2\" > \"$2.out\" && diff -u \"$3\" \"$2.out\""
          sh $<TARGET_FILE:machrun> ${FW_OUT}/cf_constant_strings.macho ${FW_DIR}/cf_constant_strings.expected)

# CFStringNormalize's four forms against Python's unicodedata (tests/frameworks/cf_normalize.py).
add_custom_command(OUTPUT ${FW_OUT}/cf_normalize.macho
  COMMAND ${CLANG19} -target x86_64-apple-macos12 -nostdinc ${MACOS_INC} -O1
          -c ${FW_DIR}/cf_normalize.c -o ${FW_OUT}/cf_normalize.o
  COMMAND ${LD64LLD19} -arch x86_64 -platform_version macos 12.0 12.0 -fixup_chains
          ${FW_OUT}/cf_normalize.o ${LIBSYSTEM_TBD} ${FW_OUT}/CoreFoundation.tbd -o ${FW_OUT}/cf_normalize.macho
  DEPENDS ${FW_DIR}/cf_normalize.c ${FW_OUT}/CoreFoundation.tbd VERBATIM)
add_custom_target(test-frameworks-cfnorm ALL DEPENDS ${FW_OUT}/cf_normalize.macho)
add_test(NAME frameworks.cf_normalize
  COMMAND python3 ${FW_DIR}/cf_normalize.py $<TARGET_FILE:machrun> ${FW_OUT}/cf_normalize.macho)
