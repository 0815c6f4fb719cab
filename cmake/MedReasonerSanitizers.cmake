# Sanitizer and fuzzing builds (scripts/sanitize.sh configures one; see docs/robustness.md).
# Flags go on every target, engine libraries included, so that the whole path from a file to the
# error it gives is checked and (for fuzzing) coverage-guided.
if(MEDREASONER_SANITIZE)
  # -fno-sanitize-recover: undefined behaviour aborts like a memory error, so a finding fails.
  set(MR_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${MR_SANITIZE_FLAGS})
  add_link_options(${MR_SANITIZE_FLAGS})
endif()
if(MEDREASONER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MEDREASONER_FUZZ needs clang (libFuzzer): CC=clang-14 CXX=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
