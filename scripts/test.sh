#!/usr/bin/env bash
# Installs what is missing (as root), builds everything and runs every test (core, CLI and GUI, headless).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

attnscope_install_dependencies
attnscope_build
cd "$ATTNSCOPE_BUILD"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" --timeout 600
