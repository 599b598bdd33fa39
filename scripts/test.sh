#!/usr/bin/env bash
# Run every Parley test: install missing packages, build ./build with sanitizers and -Werror,
# then the style check (scripts/check_style.py: clang-format, include guards, sizeof; one test), the
# layer check (scripts/check_layers.py: its self-test, then parley-core's layers against the table in
# services/core/CMakeLists.txt; one test), then unit tests (ctest -L unit), then integration tests (one pytest process per suite directory in
# tests/integration: every service's suite, the static docker/compose checks, run.sh, and the
# client-compatibility suite in Node), and print one closing line "tests: N passed, N failed,
# N skipped". Exits non-zero on any failure.
#
# Environment (optional):
#   PARLEY_SKIP_SETUP=1   skip scripts/setup.sh
#   PARLEY_TEST_PATHS     integration suites to run instead of all (e.g. "tests/integration/static")
#   PARLEY_TEST_ARGS      extra pytest arguments (e.g. "-k client")
#   PARLEY_JOBS           parallel build/ctest jobs (default: number of cores)
#   PARLEY_TEST_TIMEOUT   seconds one integration test may take before it fails (default 300)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
RESULTS="$BUILD/test-results"
JOBS="${PARLEY_JOBS:-$(nproc)}"
PYTHON=/usr/bin/python3

PASSED=0
FAILED=0
SKIPPED=0
declare -a FAILED_STAGES=()

say() { printf '\n== %s\n' "$*"; }

finish() {
    echo
    if [ "${#FAILED_STAGES[@]}" -gt 0 ]; then
        echo "failed stages: ${FAILED_STAGES[*]}"
    fi
    if [ "$PASSED" -eq 0 ] && [ "$FAILED" -eq 0 ]; then
        echo "no test ran"
        FAILED_STAGES+=(none-ran)
    fi
    echo "tests: $PASSED passed, $FAILED failed, $SKIPPED skipped"
    if [ "$FAILED" -gt 0 ] || [ "${#FAILED_STAGES[@]}" -gt 0 ]; then
        exit 1
    fi
    exit 0
}

stage_failed() {
    FAILED_STAGES+=("$1")
    FAILED=$((FAILED + 1))
}

setup() {
    [ "${PARLEY_SKIP_SETUP:-0}" = 1 ] && return 0
    say "setup"
    bash "$ROOT/scripts/setup.sh" || { stage_failed setup; finish; }
}

build() {
    say "build (sanitizers, -Werror) in $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_SANITIZE=ON -DPARLEY_WERROR=ON \
        -DPARLEY_TESTS=ON -DPARLEY_BENCH=ON >/dev/null || { stage_failed cmake-configure; finish; }
    cmake --build "$BUILD" -j "$JOBS" || { stage_failed build; finish; }
}

# Counts from a JUnit XML file (ctest --output-junit, pytest --junitxml): "passed failed skipped".
junit_counts() {
    "$PYTHON" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 0 0 missing")
    sys.exit(0)
suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
p = f = s = 0
for suite in suites:
    for case in suite.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            f += 1
        elif case.find("skipped") is not None:
            s += 1
        else:
            p += 1
print(p, f, s, "ok")
EOF
}

add_counts() {
    local stage="$1" file="$2" rc="$3" p f s state
    read -r p f s state < <(junit_counts "$file")
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    SKIPPED=$((SKIPPED + s))
    echo "$stage: $p passed, $f failed, $s skipped"
    # A runner that failed without a failing test case (crash, collection error) still fails the run.
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        stage_failed "$stage(exit $rc)"
    elif [ "$state" = missing ] && [ "$rc" -eq 0 ]; then
        echo "$stage: no result file"
    fi
}

# A check script that is one test: pass or fail, its own output says why.
check_stage() {
    local stage="$1"
    shift
    if "$@"; then
        PASSED=$((PASSED + 1))
        echo "$stage: 1 passed, 0 failed, 0 skipped"
    else
        stage_failed "$stage"
        echo "$stage: 0 passed, 1 failed, 0 skipped"
    fi
}

style_check() {
    say "style (scripts/check_style.py: clang-format, include guards, sizeof)"
    check_stage style bash -c '"$1" "$2" --self-test && "$1" "$2"' _ "$PYTHON" "$ROOT/scripts/check_style.py"
}

# The check's self-test first (planted back-edges must make it fail), then the real layers.
layer_check() {
    say "layers (scripts/check_layers.py)"
    check_stage layers bash -c '"$1" "$2" --build "$3" --self-test && "$1" "$2" --build "$3"' _ \
        "$PYTHON" "$ROOT/scripts/check_layers.py" "$BUILD"
}

unit_tests() {
    say "unit tests (ctest -L unit)"
    local xml="$RESULTS/unit.xml" rc=0
    rm -f "$xml"
    ctest --test-dir "$BUILD" -L unit -j "$JOBS" --output-on-failure --timeout 300 --output-junit "$xml" || rc=$?
    add_counts unit "$xml" "$rc"
}

# Each suite (tests/integration/<dir>) runs in its own pytest process: suites own their
# conftest.py and helper modules, whose names would clash inside one process.
integration_suites() {
    local d
    if [ -n "${PARLEY_TEST_PATHS:-}" ]; then
        printf '%s\n' $PARLEY_TEST_PATHS
        return
    fi
    for d in "$ROOT"/tests/integration/*/; do
        ls "$d"test_*.py >/dev/null 2>&1 && printf 'tests/integration/%s\n' "$(basename "$d")"
    done
    ls "$ROOT"/tests/integration/test_*.py >/dev/null 2>&1 && printf '%s\n' tests/integration/test_*.py
    true
}

integration_tests() {
    local suite name xml rc
    while read -r suite; do
        [ -n "$suite" ] || continue
        name="$(basename "${suite%.py}")"
        say "integration: $suite"
        xml="$RESULTS/integration-$name.xml"
        rm -f "$xml"
        rc=0
        # shellcheck disable=SC2086
        (cd "$ROOT" && PARLEY_BUILD_DIR="$BUILD" timeout --kill-after=30 2400 "$PYTHON" -m pytest $suite \
            -p no:cacheprovider -q -rfE --timeout="${PARLEY_TEST_TIMEOUT:-300}" --junitxml="$xml" ${PARLEY_TEST_ARGS:-}) || rc=$?
        # 5 = nothing collected (e.g. -k filtered everything): zero tests, not a failure.
        [ "$rc" -eq 5 ] && rc=0
        add_counts "integration/$name" "$xml" "$rc"
    done < <(cd "$ROOT" && integration_suites)
}

main() {
    local started=$SECONDS
    setup
    build
    mkdir -p "$RESULTS"
    style_check
    layer_check
    unit_tests
    integration_tests
    echo
    echo "time: $((SECONDS - started)) s"
    finish
}

main "$@"
