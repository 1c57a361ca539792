#!/usr/bin/env bash
# Installs what is missing (as root), builds AttnScope and opens it. Without a display it runs the seed
# presets headless and says where the report is. Arguments go to attnscope (e.g. ./scripts/run.sh bench --help).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

attnscope_install_dependencies
attnscope_build attnscope
binary="$ATTNSCOPE_BUILD/attnscope"

if [ $# -gt 0 ] || [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$binary" "$@"
fi

report_dir="$ATTNSCOPE_ROOT/out/report"
echo "attnscope: no display, so instead of the window: reproducing the seed experiments headless" >&2
"$binary" report --out "$report_dir" --force
echo "attnscope: the report is $report_dir/report.html (and report.pdf; the data as JSON and CSV beside them)"
