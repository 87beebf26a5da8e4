#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite: every test of the
# `ci` build (the `dev` build without debug info, which costs 40% more compile time, and without
# the benchmarks, which `scripts/run.sh` builds), then the engine's unit, property and
# integration tests again under ASan + UBSan (at -O0 -g1: line numbers in reports, half the
# compile time of -O1 -g).
# Exits non-zero on any build or test failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
meridian_install_dependencies

export QT_QPA_PLATFORM=offscreen
status=0

echo "== ci build: all tests =="
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci || status=1

echo "== asan build: engine tests under AddressSanitizer + UBSan =="
cmake --preset asan >/dev/null
cmake --build --preset asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -L "engine|integration" || status=1

if [ "$status" -ne 0 ]; then
    echo "meridian: TESTS FAILED"
fi
exit "$status"
