# The two instrumented builds. Both leave the ordinary build (neither option) untouched.
#
# WEBOX_SANITIZE: the whole tree and its tests under AddressSanitizer + UndefinedBehaviorSanitizer.
#   -fno-sanitize-recover makes any UB report abort the test, so undefined behaviour fails ctest
#   instead of scrolling past in its output.
# WEBOX_FUZZ: clang's libFuzzer. Libraries get fuzzer-no-link (coverage callbacks, no main);
#   only the targets in fuzz/ link the fuzzer runtime (webox_fuzz_target in fuzz/CMakeLists.txt).
if(WEBOX_SANITIZE AND WEBOX_FUZZ)
  message(FATAL_ERROR "WEBOX_SANITIZE and WEBOX_FUZZ are two separate build trees: pick one")
endif()

set(WEBOX_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)

if(WEBOX_SANITIZE)
  add_compile_options(${WEBOX_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
endif()

if(WEBOX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "WEBOX_FUZZ needs clang's libFuzzer: "
            "cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DWEBOX_FUZZ=ON")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link ${WEBOX_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
endif()
