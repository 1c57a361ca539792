#!/usr/bin/env bash
# Installs what is missing (as root), builds everything and runs every test: the suite (core, CLI and GUI,
# headless), the same suite under AddressSanitizer + UndefinedBehaviorSanitizer, and a short libFuzzer run
# of each parser. ATTNSCOPE_TEST_STAGES=suite runs the first stage only; ATTNSCOPE_FUZZ_SECONDS sets the
# fuzzing time per target (default 60).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stages=${ATTNSCOPE_TEST_STAGES:-suite,sanitizers,fuzz}
fuzz_seconds=${ATTNSCOPE_FUZZ_SECONDS:-60}
passed=0
failed=0
# Line tables are all a sanitizer or fuzzer report needs (file:line per frame); full debug info of the Eigen
# and Qt templates only makes the instrumented builds slower.
lean_debug_flags="-O2 -g1 -DNDEBUG"

# run_ctest DIR: runs ctest there, adds its counts to the totals, and returns its status.
run_ctest() {
    local log status=0
    log=$(mktemp)
    (cd "$1" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(attnscope_jobs)" --timeout 900) \
        2>&1 | tee "$log" || status=$?
    local line total bad
    line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
    if [ -z "$line" ]; then failed=$((failed + 1)); status=1; else passed=$((passed + total - bad)); failed=$((failed + bad)); fi
    rm -f "$log"
    return $status
}

attnscope_install_dependencies
status=0

if [[ $stages == *suite* ]]; then
    echo "== suite (Release)"
    attnscope_build
    run_ctest "$ATTNSCOPE_BUILD" || status=1
fi

if [[ $stages == *sanitizers* ]]; then
    echo "== suite under AddressSanitizer + UndefinedBehaviorSanitizer"
    asan_build="$ATTNSCOPE_ROOT/build-asan"
    attnscope_configure_and_build "$asan_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$lean_debug_flags" \
        -DATTNSCOPE_SANITIZE=address,undefined -DATTNSCOPE_BUILD_BENCHMARKS=OFF -DATTNSCOPE_UNITY_BUILD=ON --
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export LSAN_OPTIONS="suppressions=$ATTNSCOPE_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
    # Instrumented code runs 2-5x slower: the monkey test's liveness bound grows with it.
    export ATTNSCOPE_MONKEY_MAX_STALL_MS=5000
    # The Release stage monkeys for 60 s; here 30 s is enough to catch what the sanitizers catch, and keeps CI
    # under 20 minutes on two cores.
    export ATTNSCOPE_MONKEY_SECONDS=30
    run_ctest "$asan_build" || status=1
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS ATTNSCOPE_MONKEY_MAX_STALL_MS ATTNSCOPE_MONKEY_SECONDS
fi

if [[ $stages == *fuzz* ]]; then
    echo "== libFuzzer, ${fuzz_seconds} s per target"
    fuzz_build="$ATTNSCOPE_ROOT/build-fuzz"
    CC=clang-14 CXX=clang++-14 attnscope_configure_and_build "$fuzz_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$lean_debug_flags" \
        -DATTNSCOPE_BUILD_FUZZERS=ON -DATTNSCOPE_BUILD_TESTS=ON -DATTNSCOPE_BUILD_BENCHMARKS=OFF -- \
        npy_fuzz preset_fuzz cli_args_fuzz
    # The three targets fuzz side by side (each is single-threaded), so the stage takes one fuzzing time.
    declare -A fuzz_work fuzz_pid
    for target in npy preset cli_args; do
        fuzz_work[$target]=$(mktemp -d)
        # Findings go to the work dir (crash-*); the committed corpus only seeds the run.
        (cd "${fuzz_work[$target]}" && exec "$fuzz_build/tests/fuzz/${target}_fuzz" -max_total_time="$fuzz_seconds" \
            -print_final_stats=1 -rss_limit_mb=4096 "${fuzz_work[$target]}" "$ATTNSCOPE_ROOT/tests/fuzz/corpus/$target" \
            >"${fuzz_work[$target]}/log" 2>&1) &
        fuzz_pid[$target]=$!
    done
    for target in npy preset cli_args; do
        work=${fuzz_work[$target]}
        if wait "${fuzz_pid[$target]}"; then
            echo "fuzz ${target}: $(grep -E 'stat::number_of_executed_units' "$work/log" | sed 's/.*: *//') inputs, no finding"
            passed=$((passed + 1))
        else
            echo "fuzz ${target}: FINDING"; tail -n 40 "$work/log"
            failed=$((failed + 1)); status=1
        fi
        rm -rf "$work"
    done
fi

echo "tests: ${passed} passed, ${failed} failed"
exit $status
