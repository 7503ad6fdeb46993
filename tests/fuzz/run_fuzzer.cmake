# One "fuzz: <target>" ctest entry (tests/fuzz/CMakeLists.txt passes the variables):
#   1. every input in REGRESSIONS, each run once: inputs that crashed once and must not again;
#   2. fuzzing for $BN_FUZZ_SECONDS seconds (default 60) from WORK/corpus, a copy of SEEDS that
#      grows with what the runs find and is kept between runs of this build tree.
# Fails on a crash, a sanitizer report, a leak, an input slower than 20 s or over 2 GB of memory;
# libFuzzer prints the input's path under WORK/artifacts/. To look into one:
#   <build/fuzz>/tests/fuzz/fuzz_<target> <that file>
cmake_minimum_required(VERSION 3.20)
set(seconds 60)
if(DEFINED ENV{BN_FUZZ_SECONDS})
  set(seconds $ENV{BN_FUZZ_SECONDS})
endif()
if(NOT seconds MATCHES "^[0-9]+$" OR seconds EQUAL 0)
  message(FATAL_ERROR "BN_FUZZ_SECONDS='${seconds}': give a whole number of seconds, 1 or more")
endif()
if(NOT EXISTS ${FUZZER})
  message(FATAL_ERROR "${FUZZER} is missing: build the BN_FUZZ build dir (.ci/build.sh does)")
endif()

file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
set(options -rss_limit_mb=2048 -timeout=20 -max_len=${MAX_LEN} -artifact_prefix=${WORK}/artifacts/)
if(DICT)
  list(APPEND options -dict=${DICT})
endif()

file(GLOB regressions LIST_DIRECTORIES false ${REGRESSIONS}/*)
if(regressions)
  list(LENGTH regressions n)
  message(STATUS "running ${n} regression inputs from ${REGRESSIONS}")
  execute_process(COMMAND ${FUZZER} ${options} ${regressions} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "a regression input of ${REGRESSIONS} fails again (exit ${rc}); see above")
  endif()
endif()

file(COPY ${SEEDS}/ DESTINATION ${WORK}/corpus)
message(STATUS "fuzzing for ${seconds} s from ${WORK}/corpus")
execute_process(COMMAND ${FUZZER} ${options} -max_total_time=${seconds} -print_final_stats=1 ${WORK}/corpus
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzzing found a failing input (exit ${rc}), kept in ${WORK}/artifacts/; see above")
endif()
