# go.cmake — Go programs cross-built for darwin/amd64 against their Linux builds.
find_program(GO119 go PATHS /usr/lib/go-1.19/bin NO_DEFAULT_PATH)
if(NOT GO119)
  message(FATAL_ERROR "Go 1.19 not found in /usr/lib/go-1.19/bin: run scripts/setup.sh")
endif()
file(GLOB GO_PROGRAMS LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/go/*)
foreach(dir ${GO_PROGRAMS})
  if(IS_DIRECTORY ${dir})
    get_filename_component(name ${dir} NAME)
    add_test(NAME go.${name}
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/go/compare_go.sh $<TARGET_FILE:machrun> ${GO119} ${dir}
              ${CMAKE_CURRENT_BINARY_DIR}/go-work/${name})
    set_tests_properties(go.${name} PROPERTIES TIMEOUT 300)
  endif()
endforeach()
