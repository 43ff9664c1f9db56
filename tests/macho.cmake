# macho.cmake — unit tests of the Mach-O reader (tests/macho/unit.c), built with clang-19 and
# AddressSanitizer + UBSan (any report is fatal): concrete parse results and specific errors
# for specific malformations.
if(CLANG19)
  file(GLOB MACHO_UNIT_SRC ${CMAKE_SOURCE_DIR}/src/macho/*.c)
  set(MACHO_UNIT ${CMAKE_CURRENT_BINARY_DIR}/macho_unit)
  add_custom_command(OUTPUT ${MACHO_UNIT}
    COMMAND ${CLANG19} -std=c11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all
            -I${CMAKE_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/macho/unit.c ${MACHO_UNIT_SRC} -o ${MACHO_UNIT}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/macho/unit.c ${MACHO_UNIT_SRC} VERBATIM)
  add_custom_target(macho-unit ALL DEPENDS ${MACHO_UNIT})
  add_test(NAME macho.unit COMMAND ${MACHO_UNIT})
endif()
