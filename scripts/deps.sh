#!/usr/bin/env bash
# Installs the Debian 12 packages Meridian needs that are not installed yet (idempotent: when
# everything is there it does nothing, not even `apt-get update`). Sourced by run.sh and test.sh.
set -euo pipefail

MERIDIAN_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev qt6-websockets-dev libqt6opengl6-dev libxkbcommon-dev
    libqcustomplot-dev libyaml-cpp-dev libsqlite3-dev libqt6sql6-sqlite
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl1-mesa-dev xvfb xauth
    librapidcheck-dev qtkeychain-qt6-dev libbenchmark-dev
)

meridian_missing_packages() {
    local package
    for package in "${MERIDIAN_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            printf '%s\n' "$package"
        fi
    done
}

meridian_install_dependencies() {
    local missing
    mapfile -t missing < <(meridian_missing_packages)
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    echo "meridian: installing missing packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}
