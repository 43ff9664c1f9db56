# launchd.cmake — machrun launchd/launchctl on real property lists (time scale 20).
add_test(NAME launchd.jobs
  COMMAND ${CMAKE_COMMAND} -E env ${ZIG_ENV} ${CMAKE_CURRENT_SOURCE_DIR}/launchd/launchd_tests.sh
          $<TARGET_FILE:machrun> ${CMAKE_CURRENT_BINARY_DIR}/launchd-work ${CMAKE_CURRENT_SOURCE_DIR}/launchd ${ZIG})
set_tests_properties(launchd.jobs PROPERTIES TIMEOUT 120)

add_executable(launchd_calendar_test ${CMAKE_CURRENT_SOURCE_DIR}/launchd/calendar_test.c ${CMAKE_SOURCE_DIR}/src/launchd/calendar.c)
target_include_directories(launchd_calendar_test PRIVATE ${CMAKE_SOURCE_DIR}/include)
add_test(NAME launchd.calendar COMMAND launchd_calendar_test)

# Issue 23: clean job descriptors, a loop no client or stopping job can block, one supervisor
# per socket, adoption after a kill -9, launchctl never dying of SIGPIPE.
add_test(NAME launchd.robust
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/launchd/launchd_robust.sh $<TARGET_FILE:machrun> ${CMAKE_CURRENT_BINARY_DIR}/launchd-robust)
set_tests_properties(launchd.robust PROPERTIES TIMEOUT 120)
