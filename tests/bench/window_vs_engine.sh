#!/usr/bin/env bash
# Are the window's numbers the engine's? Runs each preset through the window (offscreen: session, measuring
# process, scheduler and painting, --save-results) and through `attnscope bench`, alternating W B W B, and
# prints per point the window's median over the engine's (each side's best of its rounds) and both spreads
# (IQR/median, each side's smaller one), and how far the engine's own rounds differ (slowest / fastest median:
# what this machine's drift alone does to one side). Targets (issue 16): every ratio within 10 %, and the window's spread
# at most 1.5× the engine's + 2 points.
#
#   tests/bench/window_vs_engine.sh [BUILD_DIR] [PRESET…]   (default: build, notebook tests/bench/small_n.json)
#
# WINDOW_PLATFORM=xvfb runs the window under xvfb-run (an X server drawing beside it) instead of offscreen.
# Run it on an idle machine: never beside a build. The JSON files stay in $OUT (default: a temporary dir).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../../build}
shift || true
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(notebook "$here/small_n.json")
attnscope=$(cd "$build" && pwd)/attnscope
out=${OUT:-$(mktemp -d)}
rounds=${ROUNDS:-2}
mkdir -p "$out"
[ -x "$attnscope" ] || { echo "window_vs_engine.sh: no attnscope in $build (build it first)" >&2; exit 2; }

for preset in "${presets[@]}"; do
    tag=$(basename "$preset" .json)
    for round in $(seq 1 "$rounds"); do
        echo "== $tag round $round: window" >&2
        if [ "${WINDOW_PLATFORM:-offscreen}" = xvfb ]; then
            xvfb-run -a "$attnscope" --preset "$preset" --save-results "$out/$tag-window-$round.json" --quit >/dev/null
        else
            QT_QPA_PLATFORM=offscreen "$attnscope" --preset "$preset" --save-results "$out/$tag-window-$round.json" \
                --quit >/dev/null
        fi
        echo "== $tag round $round: engine" >&2
        "$attnscope" bench --preset "$preset" --format json --out "$out/$tag-engine-$round.json" --quiet
    done
done

/usr/bin/env python3 - "$out" "$rounds" "${presets[@]}" <<'EOF'
import json, os, sys

out, rounds, presets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def medians(path):
    """name -> (median ms, IQR/median) from the _median aggregates of a results file."""
    with open(path) as f:
        entries = json.load(f)["benchmarks"]
    return {e["run_name"]: (e["real_time"], e["iqr_time"] / e["real_time"] if e["real_time"] > 0 else 0.0)
            for e in entries if e.get("aggregate_name") == "median"}

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print("machine: %s, %d CPUs; %d rounds per side, alternating window/engine" % (cpu, os.cpu_count(), rounds))
within = spread_ok = total = 0
for preset in presets:
    tag = os.path.basename(preset)[:-5] if preset.endswith(".json") else preset
    sides = {side: [medians(os.path.join(out, "%s-%s-%d.json" % (tag, side, r))) for r in range(1, rounds + 1)]
             for side in ("window", "engine")}
    print("\n%s\n%-58s %10s %10s %7s %8s %8s %8s" % (tag, "point", "window ms", "engine ms", "ratio",
                                                       "W IQR/m", "E IQR/m", "E drift"))
    for name in sides["engine"][0]:
        best = {}
        for side, runs in sides.items():
            found = [run[name] for run in runs if name in run]
            if not found:
                break
            best[side] = (min(m for m, _ in found), min(s for _, s in found), max(m for m, _ in found))
        if len(best) < 2:
            print("%-58s missing on one side" % name)
            continue
        (wm, ws, _), (em, es, em_slowest) = best["window"], best["engine"]
        ratio = wm / em
        total += 1
        ok_ratio = 0.9 <= ratio <= 1.1
        ok_spread = ws <= 1.5 * es + 0.02
        within += ok_ratio
        spread_ok += ok_spread
        print("%-58s %10.4f %10.4f %6.2f%s %7.1f%%%s %7.1f%% %7.2f" % (
            name, wm, em, ratio, " " if ok_ratio else "!", ws * 100, " " if ok_spread else "!", es * 100,
            em_slowest / em))
print("\n%d of %d points within 10 %%; %d of %d with the window's spread <= 1.5x the engine's + 2 points"
      % (within, total, spread_ok, total))
print("files: %s" % out)
EOF
