# ccache when present: a rebuild of unchanged files costs nothing. Precompiled headers need
# the sloppiness below or ccache would miss on every PCH build.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # BASEDIR makes paths relative, so a fresh clone elsewhere (CI) hits what this one cached.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
      ${CCACHE_PROGRAM})
endif()
