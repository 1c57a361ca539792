#!/usr/bin/env python3
"""Issue 7's speed targets, cell by cell, from results JSON of torch_bench.py and `attnscope bench`.

A cell is met when AttnScope is at least 1.5x faster than PyTorch (2.5x for `softmax`), or, where that
factor would need more than 70% of the machine's FMA peak, when AttnScope reaches 70% of that peak.
Several files per side are allowed (runs taken alternately, ABAB): each side's best median per cell is
used, so a slow phase of the shared machine during one run does not decide a cell.

    check_targets.py --torch t1.json t2.json --ours o1.json o2.json [--peak-per-thread 216]
"""
import argparse
import json
import sys


def best_medians(paths):
    best = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for entry in json.load(f)["benchmarks"]:
                if entry.get("aggregate_name") != "median":
                    continue
                name = entry["run_name"]
                if name not in best or entry["real_time"] < best[name]["real_time"]:
                    best[name] = entry
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--torch", nargs="+", required=True, help="torch_bench.py results JSON")
    parser.add_argument("--ours", nargs="+", required=True, help="attnscope bench --format json results")
    parser.add_argument("--peak-per-thread", type=float, default=216.0,
                        help="FMA peak of one core in GFLOP/s (docs/performance.md, Machines: 216 on the AMD VM)")
    args = parser.parse_args()
    torch, ours = best_medians(args.torch), best_medians(args.ours)
    print("| point | PyTorch ms | AttnScope ms | speed-up | AttnScope GFLOP/s (% of peak) | factor needs | verdict |")
    print("|---|---|---|---|---|---|---|")
    met = total = 0
    for name, o in ours.items():
        t = torch.get(name)
        if t is None:
            continue
        peak = args.peak_per_thread * o["threads_used"]
        factor = 2.5 if o["method"] == "softmax" else 1.5
        speedup = t["real_time"] / o["real_time"]
        gflops = o["flops"] / o["real_time"] / 1e6  # times are in ms
        needed = factor * o["flops"] / t["real_time"] / 1e6
        if speedup >= factor:
            verdict = f"met ({factor}×)"
        elif needed > 0.7 * peak and gflops >= 0.7 * peak:
            verdict = "met (≥ 70% of peak)"
        else:
            verdict = "missed"
        total += 1
        met += verdict.startswith("met")
        print(f"| {name} | {t['real_time']:.4g} | {o['real_time']:.4g} | {speedup:.2f}× | "
              f"{gflops:.0f} ({100 * gflops / peak:.0f}%) | {100 * needed / peak:.0f}% of peak | {verdict} |")
    print(f"\n{met} of {total} cells met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
