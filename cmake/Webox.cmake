# webox_library(NAME DIR DEPS...): a static library from every .cc in DIR (recursively), tests excluded.
# Globbing keeps a folder's sources in one place; CONFIGURE_DEPENDS notices new files.
# EXCLUDE names subfolders that are libraries of their own (adapters/nats).
function(webox_library name)
  cmake_parse_arguments(W "" "" "DEPS;PCH;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "(_test|_benchmark|_fuzz)\\.cc$")
  foreach(sub ${W_EXCLUDE})
    list(FILTER srcs EXCLUDE REGEX "^${CMAKE_CURRENT_SOURCE_DIR}/${sub}/")
  endforeach()
  if(NOT srcs)  # a folder whose code has not arrived yet: headers only
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${W_DEPS})
    return()
  endif()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${W_DEPS})
  if(W_PCH)
    target_precompile_headers(${name} PRIVATE ${W_PCH})
  endif()
endfunction()

# webox_tests(NAME DIR DEPS...): one Catch2 binary from tests/DIR/*_test.cc, registered with ctest.
function(webox_tests name dir)
  cmake_parse_arguments(W "" "" "DEPS;PCH" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*_test.cc)
  if(NOT srcs)
    return()
  endif()
  add_executable(${name} ${srcs})
  target_link_libraries(${name} PRIVATE ${W_DEPS} Catch2::Catch2WithMain)
  target_compile_definitions(${name} PRIVATE
    WEBOX_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    WEBOX_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(W_PCH)
    target_precompile_headers(${name} PRIVATE ${W_PCH})
  endif()
  catch_discover_tests(${name} TEST_PREFIX "${dir}: " PROPERTIES TIMEOUT 300)
endfunction()
