#!/usr/bin/env python3
"""Issue 17's speed targets, cell by cell, from results JSON of `attnscope bench`, torch_bench.py and
onednn_attention.

Every file is the results JSON all three write (docs/formats.md). Several files per side are allowed (runs
taken alternately, ABAB): each side's best median per cell is used, so a slow phase of the shared machine
during one run does not decide a cell. The FMA peak per thread comes from `attnscope peak --format json`
(--peak FILE) or --peak-per-thread.

Targets checked (each only where its inputs are given):
  torch     every cell ≥ 1.5× PyTorch (softmax: 2.5×), or ≥ 80% of the FMA peak where 1.5× would need more
  gemm      GEMM-shaped work (quadratic, linear, mha; xformer from n = 512) ≥ 75% of the FMA peak
  softmax   softmax ≤ 1.10× the quadratic order's time at (32, 2048, 64)
  onednn    softmax ≥ 1.3× oneDNN's matmul + softmax + matmul (--onednn files)
  portable  the portable build within 5% of the native one (--native files beside --ours)

    check_targets.py --ours o1.json o2.json --torch t1.json t2.json [--onednn d1.json] \\
                     [--native n1.json n2.json] [--peak peak.json | --peak-per-thread 171]
"""
import argparse
import json
import sys


def best_medians(paths):
    best = {}
    for path in paths or []:
        with open(path, encoding="utf-8") as f:
            for entry in json.load(f)["benchmarks"]:
                if entry.get("aggregate_name") != "median":
                    continue
                name = entry["run_name"]
                if name not in best or entry["real_time"] < best[name]["real_time"]:
                    best[name] = entry
    return best


def peak_per_thread(args):
    """GFLOP/s of one thread on the widest ISA `attnscope peak` measured, or --peak-per-thread."""
    if not args.peak:
        return args.peak_per_thread
    with open(args.peak, encoding="utf-8") as f:
        ceilings = json.load(f)
    for fma in ceilings.get("fma", []):
        single = fma.get("one_thread")
        if single:
            return single
    sys.exit(f"{args.peak}: no single-thread FMA peak in it")


def gflops(entry):
    return entry["flops"] / entry["real_time"] / 1e6  # times are in ms


def shape_of(entry):
    return (entry.get("batch"), entry.get("n"), entry.get("d"), entry.get("heads"), entry.get("threads_used"))


class Verdicts:
    def __init__(self):
        self.met = 0
        self.total = 0

    def add(self, ok):
        self.total += 1
        self.met += bool(ok)
        return "met" if ok else "**missed**"


def check_torch(ours, torch, peak, verdicts):
    print("\n### ≥ 1.5× PyTorch (softmax 2.5×), or ≥ 80% of peak where that needs more\n")
    print("| point | PyTorch ms | AttnScope ms | speed-up | GFLOP/s (% of peak) | factor needs | verdict |")
    print("|---|---|---|---|---|---|---|")
    for name, o in ours.items():
        t = torch.get(name)
        if t is None:
            continue
        roof = peak * o["threads_used"]
        factor = 2.5 if o["method"] == "softmax" else 1.5
        speedup = t["real_time"] / o["real_time"]
        needed = factor * o["flops"] / t["real_time"] / 1e6
        ok = speedup >= factor or (needed > 0.8 * roof and gflops(o) >= 0.8 * roof)
        print(f"| {name} | {t['real_time']:.4g} | {o['real_time']:.4g} | {speedup:.2f}× | "
              f"{gflops(o):.0f} ({100 * gflops(o) / roof:.0f}%) | {100 * needed / roof:.0f}% | "
              f"{verdicts.add(ok)} |")


def is_gemm_shaped(entry):
    method = entry["method"]
    return method in ("quadratic", "linear", "mha") or (method == "xformer" and entry["n"] >= 512)


def check_gemm(ours, peak, verdicts):
    rows = [(name, o) for name, o in ours.items() if is_gemm_shaped(o)]
    if not rows:
        return
    print("\n### GEMM-shaped work ≥ 75% of the FMA peak\n")
    print("| point | GFLOP/s | % of peak | verdict |")
    print("|---|---|---|---|")
    for name, o in rows:
        share = gflops(o) / (peak * o["threads_used"])
        print(f"| {name} | {gflops(o):.0f} | {100 * share:.0f}% | {verdicts.add(share >= 0.75)} |")


def ratio_table(verdicts, title, columns, rows, ratio_label, ratio_format, passes):
    """A table of (name, first, second) entries: both times, first ÷ second and whether `passes` holds."""
    if not rows:
        return
    print(f"\n### {title}\n")
    print(f"| point | {columns[0]} ms | {columns[1]} ms | {ratio_label} | verdict |")
    print("|---|---|---|---|---|")
    for name, first, second in rows:
        ratio = first["real_time"] / second["real_time"]
        print(f"| {name} | {first['real_time']:.4g} | {second['real_time']:.4g} | {ratio_format.format(ratio)} | "
              f"{verdicts.add(passes(ratio))} |")


def check_softmax_over_quadratic(ours, verdicts):
    pairs = []
    for name, o in ours.items():
        if o["method"] != "softmax" or (o["batch"], o["n"], o["d"]) != (32, 2048, 64):
            continue
        quadratic = next((q for q in ours.values()
                          if q["method"] == "quadratic" and shape_of(q) == shape_of(o)), None)
        if quadratic:
            pairs.append((name, o, quadratic))
    ratio_table(verdicts, "softmax ≤ 1.10× the quadratic order at (32, 2048, 64)", ("softmax", "quadratic"),
                pairs, "ratio", "{:.3f}", lambda r: r <= 1.10)


def check_onednn(ours, onednn, verdicts):
    rows = [(name, onednn[name], o) for name, o in ours.items() if name in onednn]
    ratio_table(verdicts, "softmax ≥ 1.3× oneDNN (matmul + softmax + matmul)", ("oneDNN", "AttnScope"), rows,
                "speed-up", "{:.2f}×", lambda r: r >= 1.3)


def check_portable(ours, native, verdicts):
    rows = [(name, o, native[name]) for name, o in ours.items() if name in native]
    ratio_table(verdicts, "portable build within 5% of -march=native", ("portable", "native"), rows,
                "portable ÷ native", "{:.3f}", lambda r: r <= 1.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", nargs="+", required=True, help="attnscope bench --format json results")
    parser.add_argument("--torch", nargs="+", help="torch_bench.py results JSON")
    parser.add_argument("--onednn", nargs="+", help="onednn_attention results JSON")
    parser.add_argument("--native", nargs="+", help="attnscope bench results of a -DATTNSCOPE_NATIVE=ON build")
    parser.add_argument("--peak", help="attnscope peak --format json output (its single-thread FMA peak is used)")
    parser.add_argument("--peak-per-thread", type=float, default=171.0,
                        help="FMA peak of one thread in GFLOP/s when --peak is not given")
    args = parser.parse_args()
    ours = best_medians(args.ours)
    peak = peak_per_thread(args)
    print(f"FMA peak used: {peak:.1f} GFLOP/s per thread")
    verdicts = Verdicts()
    if args.torch:
        check_torch(ours, best_medians(args.torch), peak, verdicts)
    check_gemm(ours, peak, verdicts)
    check_softmax_over_quadratic(ours, verdicts)
    if args.onednn:
        check_onednn(ours, best_medians(args.onednn), verdicts)
    if args.native:
        check_portable(ours, best_medians(args.native), verdicts)
    print(f"\n{verdicts.met} of {verdicts.total} cells met")
    return 0 if verdicts.met == verdicts.total else 1


if __name__ == "__main__":
    sys.exit(main())
