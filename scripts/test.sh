#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite: every test of the
# `dev` build, then the engine's unit, property and integration tests again under ASan + UBSan.
# Exits non-zero on any build or test failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
meridian_install_dependencies

export QT_QPA_PLATFORM=offscreen
status=0

echo "== dev build: all tests =="
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev || status=1

echo "== asan build: engine tests under AddressSanitizer + UBSan =="
cmake --preset asan >/dev/null
cmake --build --preset asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -L "engine|integration" || status=1

if [ "$status" -ne 0 ]; then
    echo "meridian: TESTS FAILED"
fi
exit "$status"
