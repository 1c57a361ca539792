# Shared by run.sh and test.sh: install what is missing, then configure and build.
# shellcheck shell=bash
set -euo pipefail

ATTNSCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ATTNSCOPE_BUILD=${ATTNSCOPE_BUILD:-"$ATTNSCOPE_ROOT/build"}

# Debian 12 packages: compiler and build tools, the libraries, the test frameworks, and an X server for GUI
# tests and screenshots, xdotool to drag, drop and pick menus on it (tests/x11), poppler-utils so the export
# tests count the pages of the PDFs they write, and clang-format and clang-tidy for test.sh's style stage.
ATTNSCOPE_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev libtbb-dev nlohmann-json3-dev libopenblas-pthread-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14 help2man
    xvfb xauth xdotool fonts-dejavu-core poppler-utils
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

attnscope_jobs() { nproc 2>/dev/null || echo 2; }

# attnscope_build [ninja targets...]: the Release build in $ATTNSCOPE_BUILD.
attnscope_build() {
    attnscope_configure_and_build "$ATTNSCOPE_BUILD" "-DCMAKE_BUILD_TYPE=Release" -- "$@"
}

# attnscope_configure_and_build DIR [cmake args...] -- [ninja targets...]
attnscope_configure_and_build() {
    local dir=$1 cmake_args=() targets=()
    shift
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_args+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    targets=("$@")
    cmake -S "$ATTNSCOPE_ROOT" -B "$dir" -G Ninja "${cmake_args[@]}" >/dev/null
    cmake --build "$dir" --parallel "$(attnscope_jobs)" -- "${targets[@]}"
}
