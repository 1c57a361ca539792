#!/usr/bin/env bash
# Installs what is missing (as root), builds everything and runs every test: the style checks (clang-format
# and clang-tidy's naming check), the suite (core, CLI and GUI, headless), the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer, and a short libFuzzer run of each parser.
# ATTNSCOPE_TEST_STAGES picks stages (default style,suite,sanitizers,fuzz; e.g. =style or =suite runs one);
# ATTNSCOPE_FUZZ_SECONDS sets the fuzzing time per target (default 60).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stages=${ATTNSCOPE_TEST_STAGES:-style,suite,sanitizers,fuzz}
fuzz_seconds=${ATTNSCOPE_FUZZ_SECONDS:-60}
passed=0
failed=0
# What failed, by stage and name, repeated at the very end: a CI log is often read only from its tail.
failures=()
# Line tables are all a sanitizer or fuzzer report needs (file:line per frame); full debug info of the Eigen
# and Qt templates only makes the instrumented builds slower.
lean_debug_flags="-O2 -g1 -DNDEBUG"

# run_ctest DIR STAGE: runs ctest there, adds its counts to the totals and its failed tests to failures, and
# returns its status.
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
    [ -z "$line" ] && failures+=("$2: ctest did not finish")
    local name
    while read -r name; do
        failures+=("$2: $name")
    done < <(sed -n '/The following tests FAILED:/,/^$/p' "$log" | grep -E '^[[:space:]]+[0-9]+ - ' |
             sed -E 's/^[[:space:]]+//')
    rm -f "$log"
    return $status
}

# Our C++ sources, relative to the root: every .cpp and .h under the folders we write.
style_sources() {
    (cd "$ATTNSCOPE_ROOT" && find core app ui tests resources -type f \( -name '*.cpp' -o -name '*.h' \) | sort)
}

# clang-format-14 --dry-run -Werror with the root .clang-format over every source.
style_format() {
    local start=$SECONDS file count checked=0 bad=() sources=()
    local -A places=()
    mapfile -t sources < <(style_sources)
    # One clang-format for all files; each place to change is one "FILE:LINE:COL: warning:" line.
    while read -r count file; do
        places[$file]=$count
    done < <(cd "$ATTNSCOPE_ROOT" && clang-format-14 --dry-run "${sources[@]}" 2>&1 |
             awk -F: '/^[^ ]+:[0-9]+:[0-9]+: warning: /{n[$1]++} END{for (f in n) print n[f], f}')
    for file in "${sources[@]}"; do
        count=${places[$file]:-0}
        checked=$((checked + 1))
        [ "$count" -gt 0 ] && bad+=("$file")
    done
    if [ ${#bad[@]} -eq 0 ]; then
        echo "style clang-format: PASS, $checked files formatted ($((SECONDS - start)) s)"
        passed=$((passed + 1))
        return 0
    fi
    for file in "${bad[@]}"; do
        (cd "$ATTNSCOPE_ROOT" && clang-format-14 --dry-run -Werror "$file" 2>&1 | head -n 30) || true
    done
    echo "style clang-format: FAIL, ${#bad[@]} of $checked files not formatted ($((SECONDS - start)) s): ${bad[*]}"
    echo "  fix with: clang-format-14 -i ${bad[*]}"
    failed=$((failed + 1))
    failures+=("style: clang-format")
    return 1
}

# clang-tidy-14 with the root .clang-tidy (readability-identifier-naming) over core/ and ui/, using the Release
# build's compile_commands.json; headers of core/ and ui/ are checked through the sources that include them.
# It needs about 5 CPU-minutes, so style_tidy_start runs it in the background at the lowest priority: it takes
# the CPU the test stages leave idle (GUI tests waiting on timers, the monkey test) and yields to everything
# else; style_tidy_finish waits for it and reports.
tidy_log=""
tidy_pid=""
style_tidy_start() {
    local db="$ATTNSCOPE_BUILD/clang-tidy"
    mkdir -p "$db"
    # The Release build precompiles headers with GCC; clang cannot read GCC's .gch, so clang-tidy gets the same
    # commands without the forced include (the headers it names are included by the sources anyway).
    sed -E 's# -include [^ ]*/cmake_pch\.hxx##g; s# -Winvalid-pch##g' "$ATTNSCOPE_BUILD/compile_commands.json" \
        >"$db/compile_commands.json"
    tidy_log=$(mktemp)
    (
        start=$SECONDS
        nice -n 19 run-clang-tidy-14 -clang-tidy-binary clang-tidy-14 -p "$db" -j "$(attnscope_jobs)" -quiet \
            "^$ATTNSCOPE_ROOT/(core|ui)/src/.*\.cpp\$" >"$tidy_log.out" 2>&1 || true
        echo "$((SECONDS - start))" >"$tidy_log.seconds"
    ) &
    tidy_pid=$!
    # If the script stops early, run-clang-tidy and the subshell go with it.
    trap '[ -n "$tidy_pid" ] && pkill -P "$tidy_pid" 2>/dev/null; [ -n "$tidy_pid" ] && kill "$tidy_pid" 2>/dev/null; true' EXIT
}

style_tidy_finish() {
    local enforced=() status=0 waited=$SECONDS clean
    wait "$tidy_pid" || true
    tidy_pid=""
    waited=$((SECONDS - waited))
    clean=$(sed 's/\x1b\[[0-9;]*m//g' "$tidy_log.out")
    # Each header finding repeats once per source that includes it.
    mapfile -t enforced < <(grep -E '^/.*: (warning|error): .*\[readability-identifier-naming' <<<"$clean" |
                            sed "s#^$ATTNSCOPE_ROOT/##; s/ \[readability-identifier-naming.*//" | sort -u)
    if grep -qE 'clang-diagnostic-error|Error while processing' <<<"$clean"; then
        grep -E -A3 'clang-diagnostic-error|Error while processing' <<<"$clean" | head -n 40
        echo "style clang-tidy: FAIL, clang could not compile some sources, so their names were not checked"
        status=1
    elif [ ${#enforced[@]} -gt 0 ]; then
        printf '%s\n' "${enforced[@]}"
        echo "style clang-tidy: FAIL, ${#enforced[@]} name(s) break .clang-tidy's readability-identifier-naming rules"
        echo "  each line above is file:line:col and the name; clang-tidy-14 -p $ATTNSCOPE_BUILD/clang-tidy FILE shows the fix"
        status=1
    else
        echo "style clang-tidy: PASS, names in core/ and ui/ follow .clang-tidy" \
            "($(cat "$tidy_log.seconds") s in the background, ${waited} s waited for)"
    fi
    rm -f "$tidy_log" "$tidy_log.out" "$tidy_log.seconds"
    if [ $status -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("style: clang-tidy"); fi
    return $status
}

attnscope_install_dependencies
status=0

if [[ $stages == *style* ]]; then
    echo "== style: clang-format"
    style_format || status=1
fi

if [[ $stages == *suite* ]]; then
    echo "== suite (Release): build"
    attnscope_build
fi

if [[ $stages == *style* ]]; then
    echo "== style: names (clang-tidy on the Release build's compile commands, in the background)"
    # Without the suite, build what clang-tidy needs: the libraries and their generated moc files.
    [[ $stages == *suite* ]] || attnscope_build core ui
    style_tidy_start
fi

if [[ $stages == *suite* ]]; then
    echo "== suite (Release): tests"
    run_ctest "$ATTNSCOPE_BUILD" "suite" || status=1
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
    run_ctest "$asan_build" "sanitizers" || status=1
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS ATTNSCOPE_MONKEY_MAX_STALL_MS ATTNSCOPE_MONKEY_SECONDS
fi

if [[ $stages == *fuzz* ]]; then
    echo "== libFuzzer, ${fuzz_seconds} s per target"
    fuzz_build="$ATTNSCOPE_ROOT/build-fuzz"
    CC=clang-14 CXX=clang++-14 attnscope_configure_and_build "$fuzz_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$lean_debug_flags" \
        -DATTNSCOPE_BUILD_FUZZERS=ON -DATTNSCOPE_BUILD_TESTS=ON -DATTNSCOPE_BUILD_BENCHMARKS=OFF -- \
        npy_fuzz preset_fuzz cli_args_fuzz worker_protocol_fuzz run_file_fuzz
    # The targets fuzz side by side (each is single-threaded), so the stage takes one fuzzing time.
    declare -A fuzz_work fuzz_pid
    for target in npy preset cli_args worker_protocol run_file; do
        fuzz_work[$target]=$(mktemp -d)
        # Findings go to the work dir (crash-*); the committed corpus only seeds the run.
        (cd "${fuzz_work[$target]}" && exec "$fuzz_build/tests/fuzz/${target}_fuzz" -max_total_time="$fuzz_seconds" \
            -print_final_stats=1 -rss_limit_mb=4096 "${fuzz_work[$target]}" "$ATTNSCOPE_ROOT/tests/fuzz/corpus/$target" \
            >"${fuzz_work[$target]}/log" 2>&1) &
        fuzz_pid[$target]=$!
    done
    for target in npy preset cli_args worker_protocol run_file; do
        work=${fuzz_work[$target]}
        if wait "${fuzz_pid[$target]}"; then
            echo "fuzz ${target}: $(grep -E 'stat::number_of_executed_units' "$work/log" | sed 's/.*: *//') inputs, no finding"
            passed=$((passed + 1))
        else
            echo "fuzz ${target}: FINDING"; tail -n 40 "$work/log"
            failed=$((failed + 1)); status=1; failures+=("fuzz: ${target}")
        fi
        rm -rf "$work"
    done
fi

if [[ $stages == *style* ]]; then
    echo "== style: names (clang-tidy)"
    style_tidy_finish || status=1
fi

for failure in "${failures[@]}"; do echo "failed: $failure"; done
echo "tests: ${passed} passed, ${failed} failed"
exit $status
