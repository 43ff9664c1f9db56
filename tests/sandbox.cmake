# tests/sandbox.cmake — the Seatbelt sandbox (src/sandbox/, src/cli/sandbox_exec.c).
set(_sbt ${CMAKE_CURRENT_SOURCE_DIR}/sandbox)

if(TARGET mr_sandbox)
  # SBPL evaluator and decision rules, against fixtures in the style of real profiles.
  add_executable(sandbox_unit_sbpl ${_sbt}/unit_sbpl.c ${_sbt}/exec_stub.c $<TARGET_OBJECTS:mr_sandbox> ${CMAKE_SOURCE_DIR}/src/hostlib/hostlib.c)
  target_link_libraries(sandbox_unit_sbpl PRIVATE PkgConfig::LIBSECCOMP PkgConfig::LIBPLIST Threads::Threads)
  add_test(NAME sandbox.sbpl COMMAND sandbox_unit_sbpl ${_sbt}/profiles)
  set_tests_properties(sandbox.sbpl PROPERTIES TIMEOUT 30)
endif()

if(TARGET mr_sandbox)
  # The escape battery: a static Linux program trying each operation under profiles.
  add_executable(sandbox_battery ${_sbt}/battery.c)
  target_link_options(sandbox_battery PRIVATE -static)
  add_test(NAME sandbox.battery COMMAND sh ${_sbt}/battery.sh $<TARGET_FILE:machrun> $<TARGET_FILE:sandbox_battery>)
  set_tests_properties(sandbox.battery PROPERTIES TIMEOUT 60)
endif()

if(TARGET mr_sandbox)
  # The same battery as a Mach-O program, through machrun's run pipeline (skipped, 77,
  # while the pipeline cannot run it yet).
  add_test(NAME sandbox.battery_macho COMMAND sh ${_sbt}/battery_macho.sh $<TARGET_FILE:machrun> ${_sbt}/battery.c)
  set_tests_properties(sandbox.battery_macho PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
  # App Sandbox: the profile built from entitlements, the container, HOME.
  add_executable(sandbox_unit_app ${_sbt}/unit_app.c ${_sbt}/exec_stub.c $<TARGET_OBJECTS:mr_sandbox> ${CMAKE_SOURCE_DIR}/src/hostlib/hostlib.c)
  target_link_libraries(sandbox_unit_app PRIVATE PkgConfig::LIBSECCOMP PkgConfig::LIBPLIST Threads::Threads)
  add_test(NAME sandbox.app COMMAND sandbox_unit_app)
  set_tests_properties(sandbox.app PROPERTIES TIMEOUT 30)
endif()

if(TARGET mr_sandbox)
  # Host libraries machrun opens on first use (libz for libz.1.dylib) inside deny-default
  # profiles, with Landlock alone and with the supervisor.
  add_test(NAME sandbox.hostlib COMMAND sh ${_sbt}/hostlib.sh $<TARGET_FILE:machrun> ${_sbt})
  set_tests_properties(sandbox.hostlib PROPERTIES TIMEOUT 60)
endif()
