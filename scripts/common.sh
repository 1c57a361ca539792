# Shared by run.sh and test.sh: install what is missing, then configure and build.
# shellcheck shell=bash
set -euo pipefail

ATTNSCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ATTNSCOPE_BUILD=${ATTNSCOPE_BUILD:-"$ATTNSCOPE_ROOT/build"}

# Debian 12 packages: compiler and build tools, the libraries, the test frameworks, and an X server for GUI
# tests and screenshots. libopenblas0-pthread only serves the PyTorch comparison (tests/bench).
ATTNSCOPE_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev libtbb-dev nlohmann-json3-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    xvfb xauth fonts-dejavu-core
)

attnscope_missing_packages() {
    local package missing=()
    for package in "${ATTNSCOPE_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    echo "${missing[@]}"
}

attnscope_install_dependencies() {
    local missing
    missing=$(attnscope_missing_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "attnscope: missing Debian packages: $missing" >&2
        echo "Install them with: sudo apt-get install -y $missing" >&2
        exit 1
    fi
    echo "attnscope: installing $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

attnscope_build() {
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    cmake -S "$ATTNSCOPE_ROOT" -B "$ATTNSCOPE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ATTNSCOPE_BUILD" --parallel "$jobs" -- "$@"
}
