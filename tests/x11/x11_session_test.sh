#!/bin/bash
# Drag and drop and Open Recent on a real X server. Under Xvfb, xdotool presses drag_source (a window that
# drags one results file), moves the pointer onto AttnScope and releases: the window must open the file (its
# title names it) and remember it. A second start then opens it again from File → Open recent, by keyboard in
# the menu. Exits 77 (ctest's skip) when Xvfb, xvfb-run or xdotool is missing.
# Usage: x11_session_test.sh ATTNSCOPE DRAG_SOURCE
set -u
attnscope=$1 drag_source=$2
for tool in Xvfb xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (Debian: xvfb, xdotool)"; exit 77; }
done
if [ -z "${ATTNSCOPE_X11_TEST_INNER:-}" ]; then
    # A screen wide enough for the window (1280 × 800) and the drag source beside it.
    ATTNSCOPE_X11_TEST_INNER=1 exec xvfb-run -a -s "-screen 0 1700x900x24" "$0" "$@"
fi

work=$(mktemp -d) || exit 1
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAILED: $*"
    for log in "$work"/*.log; do echo "--- $log"; tail -20 "$log"; done
    exit 1
}
# Under the sanitizer stage: Debian 12's libxkbcommon-x11 strndup()s keymap names that strict_string_checks
# reads past (inside Qt's xcb plugin, before any of our code runs); the check stays on everywhere else.
if [ -n "${ASAN_OPTIONS:-}" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS//strict_string_checks=1/strict_string_checks=0}
fi
# Settings, runtime files and the results file of this test only; the window on the X server.
mkdir -p "$work/run" && chmod 700 "$work/run"
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/run QT_QPA_PLATFORM=xcb

"$attnscope" bench --method softmax -n 64 --threads 1 --format json --out "$work/dropped.json" >"$work/bench.log" 2>&1 ||
    fail "attnscope bench could not write the results to drop"

# Polls up to $1 seconds for a window whose title matches $2.
wait_for_title() {
    local deadline=$((SECONDS + $1))
    while ((SECONDS < deadline)); do
        xdotool search --name "$2" >/dev/null 2>&1 && return 0
        sleep 0.3
    done
    return 1
}

"$attnscope" >"$work/app.log" 2>&1 &
pids+=($!)
wait_for_title 60 '^AttnScope$' || fail "the window did not appear"
"$drag_source" "$work/dropped.json" 1450 100 >"$work/source.log" 2>&1 &
pids+=($!)
wait_for_title 30 '^attnscope drag source$' || fail "the drag source did not appear"
sleep 1

# Press on the source (its press starts the drag), travel onto the window in steps, release over the plots.
dropped=false
for attempt in 1 2 3; do
    xdotool mousemove 1550 160 && sleep 0.3 && xdotool mousedown 1 && sleep 0.3
    for x in 1500 1400 1300 1100 900 800; do
        xdotool mousemove "$x" 400
        sleep 0.15
    done
    sleep 0.5  # the window's answer to the last position must reach the source before the release
    xdotool mouseup 1
    if wait_for_title 20 'dropped\.json — AttnScope'; then
        dropped=true
        break
    fi
    echo "attempt $attempt: no drop seen, trying again"
done
$dropped || fail "dropping dropped.json on the window did not open it (title: $(xdotool search --name AttnScope getwindowname %@ 2>/dev/null | tr '\n' '|'))"
grep -q "drag source: dropped" "$work/source.log" || fail "the drag source saw no drop"
echo "drag and drop: the window opened dropped.json"

# The drop went to Open recent; the settings file has it once the event loop has synced it.
conf=$XDG_CONFIG_HOME/AttnScope/AttnScope.conf
deadline=$((SECONDS + 20))
until grep -q "dropped.json" "$conf" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "dropped.json is not in the recent files ($conf)"
    sleep 0.3
done
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
wait 2>/dev/null
pids=()

# A second start: File (mouse), then Open recent (r) and its first entry (Return) by keyboard in the menu.
"$attnscope" >"$work/app2.log" 2>&1 &
pids+=($!)
wait_for_title 60 '^AttnScope$' || fail "the window did not appear a second time"
sleep 1
opened=false
for attempt in 1 2 3; do
    xdotool mousemove 20 8 click 1 && sleep 0.7 && xdotool key r && sleep 0.7 && xdotool key Return
    if wait_for_title 20 'dropped\.json — AttnScope'; then
        opened=true
        break
    fi
    xdotool key Escape Escape
    echo "attempt $attempt: Open recent did not open the file, trying again"
done
$opened || fail "File → Open recent did not reopen dropped.json"
echo "open recent: the second start reopened dropped.json"
