# How each Debian 12 package is found (see shared stack notes for why some are by hand).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(RocksDB 7.8 CONFIG REQUIRED)
find_package(simdjson 3.0 CONFIG REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)

# CAF 0.17 ships neither a CMake config nor a .pc file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY caf_core REQUIRED)
find_library(CAF_IO_LIBRARY caf_io REQUIRED)
add_library(CAF::core UNKNOWN IMPORTED)
set_target_properties(CAF::core PROPERTIES
  IMPORTED_LOCATION "${CAF_CORE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES Threads::Threads)
add_library(CAF::io UNKNOWN IMPORTED)
set_target_properties(CAF::io PROPERTIES
  IMPORTED_LOCATION "${CAF_IO_LIBRARY}"
  INTERFACE_LINK_LIBRARIES CAF::core)

# Debian's cnats CMake config names a missing static archive: use pkg-config.
pkg_check_modules(NATS REQUIRED IMPORTED_TARGET libnats)

if(WEBOX_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()

# Local speech (adapters/speech/local only). pocketsphinx.pc names -I/usr/include/sphinxbase,
# which does not exist on Debian, so IMPORTED_TARGET would fail: keep the include dirs that exist.
pkg_check_modules(ESPEAKNG REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(POCKETSPHINX REQUIRED pocketsphinx)
pkg_get_variable(POCKETSPHINX_MODELDIR pocketsphinx modeldir)
set(_ps_includes "")
foreach(dir ${POCKETSPHINX_INCLUDE_DIRS})
  if(EXISTS "${dir}")
    list(APPEND _ps_includes "${dir}")
  endif()
endforeach()
add_library(webox_pocketsphinx INTERFACE)
target_include_directories(webox_pocketsphinx SYSTEM INTERFACE ${_ps_includes})
target_link_libraries(webox_pocketsphinx INTERFACE ${POCKETSPHINX_LINK_LIBRARIES})
