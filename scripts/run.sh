#!/usr/bin/env bash
# Installs what is missing, builds Meridian in Release and runs the workstation. With no display
# the workstation says so and runs the default backtest headless on the bundled sample data.
# Arguments are passed to `meridian` (e.g. `scripts/run.sh backtest --config FILE`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
meridian_install_dependencies
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/meridian "$@"
