#!/usr/bin/python3
"""Time AttnScope's benchmark points with PyTorch on the CPU, for `attnscope compare`.

Runs the same points as `attnscope bench` (a preset, or methods and a shape from the command line) with
PyTorch float32 on the CPU and writes the same results JSON (docs/formats.md: Google Benchmark's schema,
our fields on the `_median` entry), so the two files pair by benchmark name.

The methods mirror core/src (reference.cpp, performer_attention.cpp) and docs/methods.md:
  quadratic  (Q Kᵀ) V                      per head of d/heads columns
  linear     Q (Kᵀ V)                      per head
  softmax    softmax(Q Kᵀ / √dh) V         per head
  mha        torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True)
  xformer    SPEC §3: q = X W_q (width heads·⌊dh/α⌋), E n×⌈n/β⌉, v = XᵀE, k = qᵀE, softmax per head, W_o
  performer  FAVOR+ with m orthogonal random features (default ⌈dh·ln dh⌉), row/head max stabilisers

Before torch is imported the script re-executes itself once with an environment that lets PyTorch run at
its best on this machine (see prepared_environment and tests/bench/README.md).

Standard library + torch + numpy only; run with Debian's /usr/bin/python3 (python3-torch).
"""

import argparse
import datetime
import importlib.util
import json
import math
import os
import re
import socket
import sys
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
PRESET_DIR = os.path.normpath(os.path.join(SCRIPT_DIR, "..", "..", "resources", "presets"))
SYSTEM_PYTHON = "/usr/bin/python3"
ENV_MARKER = "ATTNSCOPE_TORCH_BENCH_ENV"

METHODS = ("quadratic", "linear", "softmax", "mha", "xformer", "performer")
LAYER_METHODS = ("mha", "xformer")
LAYOUTS = ("generic", "notebook", "xformer-table")
DISTRIBUTIONS = ("uniform", "normal")

# AttentionConfig's defaults (ConfigDefaults in core/include/attnscope/config/attention_config.h).
CONFIG_DEFAULTS = {"batch": 4, "n": 512, "d": 64, "heads": 1, "alpha": 2, "beta": 4, "features": 0,
                   "seed": 42, "distribution": "uniform", "threads": 0}
NUMERIC_FIELDS = ("batch", "n", "d", "heads", "s", "alpha", "beta", "features", "seed", "threads")
CONFIG_FIELDS = NUMERIC_FIELDS + ("distribution",)
# The documented nesting order of a run's lists, outermost first; methods are innermost. seed and threads
# are not in the documented order: they nest after features.
NESTING = ("n", "d", "batch", "heads", "s", "alpha", "beta", "features", "seed", "threads")
PRESET_KEYS = ("name", "title", "description", "layout", "defaults", "runs", "reference")

MAX_BATCH, MAX_N, MAX_D, MAX_FEATURES = 1 << 16, 1 << 22, 1 << 16, 1 << 16
FLOAT_BYTES = 4


class PresetError(Exception):
    pass


# ----------------------------------------------------------------------------------------------------
# Config arithmetic, copied from core/src/config/attention_config.cpp and core/src/analysis/cost_model.cpp.

def head_dim(c):
    return c["d"] // c["heads"]


def query_head_dim(c):  # xformer: max(1, floor(dh / alpha))
    return max(1, head_dim(c) // c["alpha"])


def pooled_length(c):  # xformer: m = ceil(n / beta)
    return (c["n"] + c["beta"] - 1) // c["beta"]


def default_feature_count(dh):
    return max(1, int(math.ceil(dh * math.log(dh))))


def feature_count(c):  # performer m, default resolved
    return c["features"] if c["features"] > 0 else default_feature_count(head_dim(c))


def cost(method, c):
    """(flops, extra_bytes, io_bytes) from SPEC's formulas, as core/src/analysis/cost_model.cpp computes them."""
    b, n, d, h, dh = c["batch"], c["n"], c["d"], c["heads"], head_dim(c)
    bnd = b * n * d
    if method in ("quadratic", "softmax"):
        return 4 * b * n * n * d, b * h * n * n * FLOAT_BYTES, 4 * bnd * FLOAT_BYTES
    if method == "linear":
        return 4 * b * n * d * dh, b * h * dh * dh * FLOAT_BYTES, 4 * bnd * FLOAT_BYTES
    if method == "mha":
        return (8 * b * n * d * d + 4 * b * n * n * d, (4 * bnd + b * h * n * n) * FLOAT_BYTES,
                (2 * bnd + 4 * d * d) * FLOAT_BYTES)
    if method == "xformer":
        dq, m = h * query_head_dim(c), pooled_length(c)
        flops = (2 * b * n * d * dq      # q = X W_q
                 + 2 * b * n * d * m     # v = Xᵀ E
                 + 2 * b * n * dq * m    # k = qᵀ E
                 + 2 * b * n * m * dq    # scores q_h k_h
                 + 2 * b * n * m * d     # A_h v_hᵀ
                 + 2 * b * n * d * d)    # W_o
        extra = (b * n * dq + b * d * m + b * dq * m + b * h * n * m + bnd) * FLOAT_BYTES
        return flops, extra, (2 * bnd + d * dq + n * m + d * d) * FLOAT_BYTES
    m = feature_count(c)  # performer
    return (8 * b * h * n * m * dh + 4 * b * h * n * m, (2 * b * h * n * m + b * h * m * (dh + 1)) * FLOAT_BYTES,
            (4 * bnd + m * dh) * FLOAT_BYTES)


def benchmark_name(method, c):
    name = "%s/batch:%d/n:%d/d:%d/heads:%d" % (method, c["batch"], c["n"], c["d"], c["heads"])
    if method == "xformer":
        name += "/alpha:%d/beta:%d" % (c["alpha"], c["beta"])
    if method == "performer":
        name += "/features:%d" % feature_count(c)
    return name + "/threads:%d" % c["threads"]


def validate_point(method, c, where):
    """The rules of core/src/config/attention_config.cpp's validate(), with `where` naming the source."""
    def check(field, low, high, why=""):
        value = c[field]
        if not low <= value <= high:
            raise PresetError("%s: %s = %d is out of range for %s: allowed %d to %d%s"
                              % (where, field, value, method, low, high, " (%s)" % why if why else ""))
    check("batch", 1, MAX_BATCH)
    check("n", 1, MAX_N)
    check("d", 1, MAX_D)
    check("heads", 1, c["d"], "at most d")
    if c["d"] % c["heads"]:
        raise PresetError("%s: heads = %d does not divide d = %d: heads must be a divisor of d"
                          % (where, c["heads"], c["d"]))
    if method == "xformer":
        check("alpha", 1, head_dim(c), "at most d / heads")
        check("beta", 1, c["n"], "at most n")
    if method == "performer" and c["features"]:
        check("features", 1, MAX_FEATURES, "0 picks the default")
    check("threads", 0, 4 * (os.cpu_count() or 1), "0 uses every hardware thread")
    check("seed", 0, (1 << 64) - 1)


# ----------------------------------------------------------------------------------------------------
# Points: presets and the command line, expanded exactly as docs/formats.md says.

def apply_fields(config, fields):
    """Applies config fields in order: `s` sets alpha and beta, an explicit alpha or beta then wins."""
    for key, value in fields.items():
        if key not in ("s", "alpha", "beta"):
            config[key] = value
    if "s" in fields:
        config["alpha"] = config["beta"] = fields["s"]
    for key in ("alpha", "beta"):
        if key in fields:
            config[key] = fields[key]


def check_field(where, key, value, allow_list, label=None):
    label = label or key
    if key == "distribution":
        if not isinstance(value, str) or value not in DISTRIBUTIONS:
            raise PresetError('%s: key "%s": expected "uniform" or "normal", got %s'
                              % (where, label, json.dumps(value)))
        return
    values = value if allow_list and isinstance(value, list) else [value]
    if allow_list and isinstance(value, list) and not value:
        raise PresetError('%s: key "%s": expected a non-empty list of integers' % (where, label))
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int):
            raise PresetError('%s: key "%s": expected %s, got %s'
                              % (where, label, "an integer or a list of integers" if allow_list else "an integer",
                                 json.dumps(value)))
        if v < 0 or (key not in ("features", "threads", "seed") and v < 1):
            raise PresetError('%s: key "%s": %d is out of range: expected %s'
                              % (where, label, v, "0 or more" if key in ("features", "threads", "seed")
                                 else "1 or more"))


def check_methods(where, methods):
    if not isinstance(methods, list) or not methods:
        raise PresetError('%s: key "methods": expected a non-empty array of method names (%s)'
                          % (where, ", ".join(METHODS)))
    for m in methods:
        if m not in METHODS:
            raise PresetError('%s: key "methods": unknown method %s: expected one of %s'
                              % (where, json.dumps(m), ", ".join(METHODS)))


def expand_run(base, run, where):
    """The run's cartesian product, nested in NESTING order with methods innermost."""
    points = []

    def recurse(level, chosen):
        if level == len(NESTING):
            config = dict(base)
            fields = {k: v for k, v in run.items() if k not in NESTING and k != "methods"}
            fields.update(chosen)
            apply_fields(config, fields)
            for method in run["methods"]:
                points.append((method, dict(config), where))
            return
        key = NESTING[level]
        if key not in run:
            recurse(level + 1, chosen)
            return
        for value in (run[key] if isinstance(run[key], list) else [run[key]]):
            recurse(level + 1, dict(chosen, **{key: value}))

    recurse(0, {})
    return points


def load_preset(spec):
    """Returns (preset dict, path) for a NAME or a FILE; errors name the file, the key and what is expected."""
    path = spec if (spec.endswith(".json") or os.sep in spec) else os.path.join(PRESET_DIR, spec + ".json")
    if not os.path.isfile(path):
        available = sorted(f[:-5] for f in os.listdir(PRESET_DIR) if f.endswith(".json")) \
            if os.path.isdir(PRESET_DIR) else []
        raise PresetError("preset %s: no such file %s (presets: %s)" % (spec, path, ", ".join(available)))
    try:
        with open(path, encoding="utf-8") as f:
            preset = json.load(f)
    except (OSError, ValueError) as e:
        raise PresetError("%s: cannot read JSON: %s" % (path, e))
    if not isinstance(preset, dict):
        raise PresetError("%s: expected a JSON object at the top level" % path)
    for key in preset:
        if key not in PRESET_KEYS:
            raise PresetError('%s: unknown key "%s": expected one of %s' % (path, key, ", ".join(PRESET_KEYS)))
    for key in ("name", "title", "description"):
        if key in preset and not isinstance(preset[key], str):
            raise PresetError('%s: key "%s": expected a string' % (path, key))
    if "name" not in preset:
        raise PresetError('%s: key "name": missing, expected a string' % path)
    if preset.get("layout", "generic") not in LAYOUTS:
        raise PresetError('%s: key "layout": expected one of %s, got %s'
                          % (path, ", ".join(LAYOUTS), json.dumps(preset["layout"])))
    defaults = preset.get("defaults", {})
    if not isinstance(defaults, dict):
        raise PresetError('%s: key "defaults": expected an object of config fields' % path)
    for key, value in defaults.items():
        if key not in CONFIG_FIELDS:
            raise PresetError('%s: key "defaults.%s": unknown config field, expected one of %s'
                              % (path, key, ", ".join(CONFIG_FIELDS)))
        check_field(path, key, value, allow_list=False, label="defaults." + key)
    runs = preset.get("runs")
    if not isinstance(runs, list) or not runs:
        raise PresetError('%s: key "runs": expected a non-empty array of run objects' % path)
    for i, run in enumerate(runs):
        where = "%s: runs[%d]" % (path, i)
        if not isinstance(run, dict):
            raise PresetError("%s: expected a run object" % where)
        for key, value in run.items():
            if key == "methods":
                continue
            if key not in CONFIG_FIELDS:
                raise PresetError('%s: unknown key "%s": expected methods or one of %s'
                                  % (where, key, ", ".join(CONFIG_FIELDS)))
            check_field(where, key, value, allow_list=True)
        if "methods" not in run:
            raise PresetError('%s: key "methods": missing' % where)
        check_methods(where, run["methods"])
    reference = preset.get("reference")
    if reference is not None:
        if not isinstance(reference, dict) or set(reference) - {"source", "seconds"}:
            raise PresetError('%s: key "reference": expected an object with "source" and "seconds"' % path)
        if "source" in reference and not isinstance(reference["source"], str):
            raise PresetError('%s: key "reference.source": expected a string' % path)
        seconds = reference.get("seconds", [])
        if not isinstance(seconds, list):
            raise PresetError('%s: key "reference.seconds": expected an array' % path)
        for i, entry in enumerate(seconds):
            w = "%s: reference.seconds[%d]" % (path, i)
            if not isinstance(entry, dict) or entry.get("method") not in METHODS:
                raise PresetError('%s: key "method": expected one of %s' % (w, ", ".join(METHODS)))
            value = entry.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise PresetError('%s: key "value": expected a positive number of seconds' % w)
            for key, v in entry.items():
                if key in ("method", "value"):
                    continue
                if key not in CONFIG_FIELDS:
                    raise PresetError('%s: unknown key "%s"' % (w, key))
                check_field(w, key, v, allow_list=False, label=key)
    return preset, path


def preset_points(preset, path):
    base = dict(CONFIG_DEFAULTS)
    apply_fields(base, preset.get("defaults", {}))
    points = []
    for i, run in enumerate(preset["runs"]):
        points += expand_run(base, run, "%s: runs[%d]" % (path, i))
    return points


def parse_list(text, what, convert=int):
    try:
        values = [convert(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise PresetError("--%s %s: expected a comma-separated list of integers" % (what, text))
    if not values:
        raise PresetError("--%s: empty list" % what)
    return values


def cli_points(args):
    methods = [m.strip() for m in args.method.split(",") if m.strip()]
    check_methods("--method", methods)
    run = {"methods": methods}
    for key in ("batch", "n", "d", "heads", "s", "alpha", "beta", "features", "seed"):
        text = getattr(args, key)
        if text is not None:
            values = parse_list(text, key)
            check_field("--" + key, key, values, allow_list=True)
            run[key] = values if len(values) > 1 else values[0]
    run["distribution"] = args.distribution
    return expand_run(dict(CONFIG_DEFAULTS), run, "command line")


def resolve_points(raw_points, threads_override):
    """Resolves threads, validates, drops points whose names repeat (first one wins)."""
    cpus = os.cpu_count() or 1
    points, seen = [], set()
    for method, config, where in raw_points:
        if threads_override is not None:
            config["threads"] = threads_override
        validate_point(method, config, where)
        config["threads"] = config["threads"] or cpus
        if method != "xformer":  # alpha and beta only mean something for the xformer
            config["alpha"] = config["beta"] = 1
        if method != "performer":
            config["features"] = 0
        else:
            config["features"] = feature_count(config)
        name = benchmark_name(method, config)
        if name in seen:
            continue
        seen.add(name)
        points.append((name, method, config))
    return points


# ----------------------------------------------------------------------------------------------------
# Environment: prepared before torch (and its BLAS and OpenMP runtimes) is loaded.

def prepared_environment(threads):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)  # a forced Haswell core type keeps OpenBLAS off its AVX-512 kernels
    tunables = [t for t in env.get("GLIBC_TUNABLES", "").split(":")
                if t and not t.startswith("glibc.malloc.hugetlb=")]
    env["GLIBC_TUNABLES"] = ":".join(tunables + ["glibc.malloc.hugetlb=1"])  # THP for malloc'd tensors
    env["OMP_WAIT_POLICY"] = "PASSIVE"  # idle OpenMP workers sleep instead of spinning against BLAS threads
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env[ENV_MARKER] = str(threads)
    return env


def ensure_environment(threads):
    """Re-executes this script once with prepared_environment(threads) unless that is already in force."""
    if os.environ.get(ENV_MARKER) == str(threads):
        return
    executable = sys.executable
    # The pyenv python3 on PATH has no torch; Debian's interpreter has python3-torch.
    if importlib.util.find_spec("torch") is None and os.path.exists(SYSTEM_PYTHON):
        executable = SYSTEM_PYTHON
    os.execve(executable, [executable, os.path.abspath(sys.argv[0])] + sys.argv[1:],
              prepared_environment(threads))


ENVIRONMENT_KEYS = ("OPENBLAS_CORETYPE", "GLIBC_TUNABLES", "OMP_WAIT_POLICY", "OMP_NUM_THREADS",
                    "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_PROC_BIND", "OMP_PLACES")


# ----------------------------------------------------------------------------------------------------
# Everything below needs torch; it is imported by main() after the environment is in force.

torch = None
np = None


def blas_description():
    """A short BLAS description: BLAS_INFO from torch.__config__.show() and the library actually loaded."""
    match = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    info = match.group(1) if match else "unknown"
    library = ""
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps
                           if "blas" in line.lower() and ".so" in line and "cblas" not in line.lower()})
        library = next((l for l in libs if "libblas" in l), libs[0] if libs else "")
    except (OSError, IndexError):
        pass
    detail = {"blas_library": os.path.realpath(library) if library else ""}
    real = detail["blas_library"]
    if "openblas" in real:
        try:
            import ctypes
            lib = ctypes.CDLL(real)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            detail["openblas_config"] = lib.openblas_get_config().decode().strip()
            detail["openblas_core"] = lib.openblas_get_corename().decode().strip()
        except (OSError, AttributeError):
            pass
        kind = os.path.basename(os.path.dirname(real))  # openblas-pthread, openblas-openmp, ...
        short = "%s (%s %s)" % (info, kind, detail.get("openblas_core", "")) if kind else info
    elif real:
        kind = os.path.basename(os.path.dirname(real))
        short = "%s (%s)" % (info, "netlib reference BLAS" if kind == "blas" else os.path.basename(real))
    else:
        short = info
    return short.strip().replace(" )", ")"), detail


def set_blas_threads(threads):
    """OpenBLAS's own pool does not follow torch.set_num_threads; tell it directly when we can."""
    path = BLAS_DETAIL.get("blas_library", "")
    if "openblas" not in path:
        return
    try:
        import ctypes
        ctypes.CDLL(path).openblas_set_num_threads(ctypes.c_int(threads))
    except (OSError, AttributeError):
        pass


BLAS_DETAIL = {}


def make_inputs(shape, distribution):
    return torch.rand(*shape) if distribution == "uniform" else torch.randn(*shape)


def split_heads(t, heads):
    """(b, n, heads * w) -> (b, heads, n, w), a view: heads are column blocks."""
    b, n, width = t.shape
    return t.view(b, n, heads, width // heads).transpose(1, 2)


def merge_heads(t):
    """(b, heads, n, w) -> (b, n, heads * w)."""
    b, h, n, w = t.shape
    return t.transpose(1, 2).reshape(b, n, h * w)


def quadratic_attention(q, k, v, heads):
    if heads == 1:
        return (q @ k.transpose(-1, -2)) @ v  # the notebook's code
    qh, kh, vh = split_heads(q, heads), split_heads(k, heads), split_heads(v, heads)
    return merge_heads((qh @ kh.transpose(-1, -2)) @ vh)


def linear_attention(q, k, v, heads):
    if heads == 1:
        return q @ (k.transpose(-1, -2) @ v)  # the notebook's code
    qh, kh, vh = split_heads(q, heads), split_heads(k, heads), split_heads(v, heads)
    return merge_heads(qh @ (kh.transpose(-1, -2) @ vh))


def softmax_attention(q, k, v, heads):
    dh = q.shape[-1] // heads
    if heads == 1:
        return torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh), dim=-1) @ v
    qh, kh, vh = split_heads(q, heads), split_heads(k, heads), split_heads(v, heads)
    return merge_heads(torch.softmax(qh @ kh.transpose(-1, -2) / math.sqrt(dh), dim=-1) @ vh)


def orthogonal_random_features(m, dh, seed):
    """m x dh: blocks of dh orthonormal Gaussian rows, each row rescaled to a chi(dh)-distributed norm."""
    generator = torch.Generator().manual_seed((seed ^ 0x5EEDFEA700000001) & ((1 << 63) - 1))
    rows = []
    for first in range(0, m, dh):
        block = torch.randn(dh, dh, generator=generator, dtype=torch.float64)
        orthonormal, _ = torch.linalg.qr(block)
        count = min(dh, m - first)
        norms = torch.randn(count, dh, generator=generator, dtype=torch.float64).norm(dim=1)
        rows.append(orthonormal[:count] * norms[:, None])
    return torch.cat(rows).float()


def performer_attention(q, k, v, heads, features):
    """FAVOR+ as core/src/kernels/performer_attention.cpp: φ(x) = exp(W x' − ‖x'‖²/2 − max), x' = x·dh^-1/4.

    The 1/√m factor and the stabilising maxima (per query row; one per head for the keys) cancel in the
    normalisation. The row sums ride along as an extra column of Kᵀ V, as in our kernel."""
    dh = q.shape[-1] // heads
    scale = dh ** -0.25
    w_t = features.t()

    def projected(x):  # (b, h, n, dh) -> W x' − ‖x'‖²/2, (b, h, n, m)
        xs = x * scale
        return (xs @ w_t).sub_(xs.square().sum(-1, keepdim=True).mul_(0.5))

    qh, kh, vh = split_heads(q, heads), split_heads(k, heads), split_heads(v, heads)
    phi_k = projected(kh)
    phi_k = phi_k.sub_(phi_k.amax(dim=(-2, -1), keepdim=True)).exp_()
    kv = torch.cat([phi_k.transpose(-1, -2) @ vh, phi_k.sum(-2).unsqueeze(-1)], dim=-1)  # (b, h, m, dh + 1)
    phi_q = projected(qh)
    phi_q = phi_q.sub_(phi_q.amax(dim=-1, keepdim=True)).exp_()
    numerator = phi_q @ kv  # (b, h, n, dh + 1)
    out = numerator[..., :dh] / numerator[..., dh:].clamp_min(torch.finfo(torch.float32).tiny)
    return merge_heads(out)


def make_xformer_class():
    nn = torch.nn

    class Xformer(nn.Module):
        """SPEC §3 (and core/src/kernels/reference.cpp): X (b, n, d) -> (b, n, d), no biases.

        q = X W_q (width heads·⌊dh/α⌋); v = Xᵀ E (b, d, m); k = qᵀ E (b, Dq, m) with E n × ⌈n/β⌉ shared by
        K and V; per head A_h = softmax(q_h k_h / √dh) (n × m), out_h = A_h v_hᵀ; concatenate; W_o."""

        def __init__(self, d, n, heads, alpha, beta):
            super().__init__()
            self.heads, self.head_dim = heads, d // heads
            self.query_head_dim = max(1, self.head_dim // alpha)
            self.pooled = (n + beta - 1) // beta
            self.w_q = nn.Linear(d, heads * self.query_head_dim, bias=False)
            self.pooling = nn.Parameter(torch.empty(n, self.pooled).uniform_(-n ** -0.5, n ** -0.5))
            self.w_o = nn.Linear(d, d, bias=False)

        def forward(self, x):
            b, n, d = x.shape
            h, m = self.heads, self.pooled
            q = self.w_q(x)                                                   # (b, n, Dq)
            v = torch.matmul(x.transpose(1, 2), self.pooling)                 # (b, d, m)
            k = torch.matmul(q.transpose(1, 2), self.pooling)                 # (b, Dq, m)
            q_h = q.view(b, n, h, self.query_head_dim).transpose(1, 2)        # (b, h, n, dqh)
            k_h = k.view(b, h, self.query_head_dim, m)                        # (b, h, dqh, m)
            v_h = v.view(b, h, self.head_dim, m)                              # (b, h, dh, m)
            a = torch.softmax(torch.matmul(q_h, k_h) / math.sqrt(self.head_dim), dim=-1)  # (b, h, n, m)
            out = torch.matmul(a, v_h.transpose(-1, -2))                      # (b, h, n, dh)
            return self.w_o(out.transpose(1, 2).reshape(b, n, d))

    return Xformer


def mha_module(d, heads):
    """torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True), evaluated by its fast path.

    In torch 1.13 the fast path (torch._native_multi_head_attention, taken for self-attention in eval mode
    with gradients off) rejects bias=False: it needs bias tensors. Zero biases compute the same function
    and keep the fast path, so the module is built with bias=True and its biases are zeroed (the bias
    additions cost O(b·n·d), nothing beside the products; flops still count 8bnd² + 4bn²d)."""
    module = torch.nn.MultiheadAttention(d, heads, bias=True, batch_first=True).eval()
    with torch.no_grad():
        module.in_proj_bias.zero_()
        module.out_proj.bias.zero_()
    return module


def build_call(method, c):
    """Inputs and weights for one point (seeded; outside the timed region) and the call to time."""
    torch.manual_seed(c["seed"])
    b, n, d, h = c["batch"], c["n"], c["d"], c["heads"]
    if method in LAYER_METHODS:
        x = make_inputs((b, n, d), c["distribution"])
        if method == "mha":
            module = mha_module(d, h)
            return lambda: module(x, x, x, need_weights=False)[0]
        module = make_xformer_class()(d, n, h, c["alpha"], c["beta"]).eval()
        return lambda: module(x)
    q, k, v = (make_inputs((b, n, d), c["distribution"]) for _ in range(3))
    if method == "quadratic":
        return lambda: quadratic_attention(q, k, v, h)
    if method == "linear":
        return lambda: linear_attention(q, k, v, h)
    if method == "softmax":
        return lambda: softmax_attention(q, k, v, h)
    features = orthogonal_random_features(c["features"], d // h, c["seed"])
    return lambda: performer_attention(q, k, v, h, features)


MIN_BLOCK_SECONDS = 1e-3  # attnscope's RunnerOptions::min_block_seconds


def time_call(call, warmup, min_time, max_reps):
    """Our protocol (attnscope's timeRepetitions): warmup untimed calls; calls shorter than MIN_BLOCK_SECONDS
    are timed in blocks of back-to-back calls, sized by doubling (torch.utils.benchmark's blocked_autorange);
    then blocks until the accumulated time exceeds min_time and at least 5 ran, at most max_reps blocks.
    Returns the seconds per call of each block, and the calls per block."""
    def time_block(calls):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        return time.perf_counter() - start

    one_call = None
    for _ in range(warmup):
        one_call = time_block(1)
    times, total = [], 0.0
    if one_call is None:
        one_call = time_block(1)
        if one_call >= MIN_BLOCK_SECONDS:
            times.append(one_call)
            total += one_call
    calls, block = 1, one_call
    while block < MIN_BLOCK_SECONDS and calls < 1 << 20:
        calls *= 2
        block = time_block(calls)
    while len(times) < max_reps and (total < min_time or len(times) < 5):
        elapsed = time_block(calls)
        times.append(elapsed / calls)
        total += elapsed
    return times, calls


def statistics(times):
    t = np.asarray(times, dtype=np.float64)
    mean = float(t.mean())
    stddev = float(t.std(ddof=1)) if len(t) > 1 else 0.0
    q1, median, q3 = (float(v) for v in np.percentile(t, [25, 50, 75], method="linear"))
    return {"median": median, "mean": mean, "stddev": stddev, "cv": stddev / mean if mean > 0 else 0.0,
            "min": float(t.min()), "max": float(t.max()), "q1": q1, "q3": q3}


def entries_for(index, name, method, c, times, calls, threads_used):
    stats = statistics(times)
    flops, extra_bytes, _ = cost(method, c)
    reps = len(times)
    head = {"family_index": index, "per_family_instance_index": 0, "run_name": name}
    entries = []
    for i, t in enumerate(times):  # Google Benchmark's key order
        entries.append(dict({"name": name}, **head, run_type="iteration", repetitions=reps, repetition_index=i,
                            threads=1, iterations=calls, real_time=t * 1e3, cpu_time=t * 1e3, time_unit="ms"))
    for aggregate in ("mean", "median", "stddev", "cv"):
        value = stats[aggregate] if aggregate == "cv" else stats[aggregate] * 1e3
        entry = dict({"name": name + "_" + aggregate}, **head, run_type="aggregate", repetitions=reps,
                     threads=1, aggregate_name=aggregate,
                     aggregate_unit="percentage" if aggregate == "cv" else "time",
                     iterations=reps, real_time=value, cpu_time=value, time_unit="ms")
        if aggregate == "median":
            entry.update({
                "method": method, "batch": c["batch"], "n": c["n"], "d": c["d"], "heads": c["heads"],
                "alpha": c["alpha"], "beta": c["beta"], "features": c["features"],
                "threads_used": threads_used, "calls_per_repetition": calls,
                "min_time": stats["min"] * 1e3, "max_time": stats["max"] * 1e3,
                "q1_time": stats["q1"] * 1e3, "q3_time": stats["q3"] * 1e3,
                "iqr_time": (stats["q3"] - stats["q1"]) * 1e3,
                "flops": flops, "gflops": flops / stats["median"] / 1e9 if stats["median"] > 0 else 0.0,
                "extra_bytes": extra_bytes, "workspace_bytes": 0})
        entries.append(entry)
    return entries, stats


def project_version():
    try:
        with open(os.path.join(SCRIPT_DIR, "..", "..", "CMakeLists.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("project(") and " VERSION " in line:
                    return line.split(" VERSION ")[1].split()[0]
    except OSError:
        pass
    return "unknown"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def physical_memory_bytes():
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 4 << 30


def context(threads, preset_name, blas, environment):
    ctx = {"date": datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds"),
           "host_name": socket.gethostname(), "executable": os.path.abspath(sys.argv[0]),
           "num_cpus": os.cpu_count() or 1, "mhz_per_cpu": 0, "cpu_scaling_enabled": False, "caches": [],
           "library_build_type": "release",
           "attnscope": {"version": project_version(), "engine": "pytorch", "cpu_model": cpu_model(),
                         "threads": threads, "torch": torch.__version__, "numpy": np.__version__,
                         "python": sys.version.split()[0], "blas": blas}}
    ctx["attnscope"].update(BLAS_DETAIL)
    if preset_name:
        ctx["attnscope"]["preset"] = preset_name
    ctx["attnscope"]["environment"] = environment
    return ctx


def milliseconds(seconds):
    ms = seconds * 1e3
    return "%.1f" % ms if ms >= 10 else "%.3g" % ms


def print_table(rows, title, out):
    header = ("benchmark", "median ms", "IQR %", "GFLOP/s", "reps")
    lines = [(name, milliseconds(s["median"]), "%.1f" % (100 * (s["q3"] - s["q1"]) / s["median"]),
              "%.1f" % (flops / s["median"] / 1e9), str(reps)) for name, s, flops, reps in rows]
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(header)]
    if title:
        print(title, file=out)
    fmt = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                  for i, (c, w) in enumerate(zip(cells, widths)))
    print(fmt(header), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for line in lines:
        print(fmt(line), file=out)


# ----------------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Time AttnScope's benchmark points with PyTorch (CPU, float32); writes AttnScope's "
                    "results JSON (docs/formats.md) for `attnscope compare`.")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", metavar="NAME|FILE",
                        help="a preset name (resources/presets/NAME.json) or a preset file")
    source.add_argument("--method", metavar="M[,M...]", help="methods: " + ", ".join(METHODS))
    for key, what in (("batch", "batch size"), ("n", "sequence length"), ("d", "model width"),
                      ("heads", "heads (divide d)"), ("alpha", "xformer query pooling"),
                      ("beta", "xformer sequence pooling"), ("s", "sets alpha = beta = S"),
                      ("features", "performer random features, 0 = ceil(dh ln dh)"), ("seed", "input seed")):
        p.add_argument("--" + key, metavar={"batch": "B", "features": "M", "seed": "SEED"}.get(key, key.upper()),
                       help="%s (with --method; a comma-separated list expands)" % what)
    p.add_argument("--distribution", choices=DISTRIBUTIONS, default="uniform",
                   help="input distribution with --method (default uniform, like torch.rand)")
    p.add_argument("--threads", type=int, metavar="T",
                   help="threads for torch and its BLAS (default: the preset's, else os.cpu_count())")
    p.add_argument("--min-time", type=float, default=1.0, metavar="SECONDS",
                   help="time budget per point: repeat until this much was timed (default 1.0)")
    p.add_argument("--max-reps", type=int, default=50, metavar="N", help="repetition cap (default 50)")
    p.add_argument("--warmup", type=int, default=2, metavar="N", help="untimed calls first (default 2)")
    p.add_argument("--out", metavar="FILE", help="write the results JSON to FILE")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="stdout: a table (default) or the JSON (json with --out prints nothing)")
    args = p.parse_args(argv)
    if args.preset is not None:
        given = [k for k in ("batch", "n", "d", "heads", "alpha", "beta", "s", "features", "seed")
                 if getattr(args, k) is not None]
        if given:
            p.error("--%s cannot be combined with --preset" % given[0])
    if args.threads is not None and not 1 <= args.threads <= 4 * (os.cpu_count() or 1):
        p.error("--threads %d: allowed 1 to %d" % (args.threads, 4 * (os.cpu_count() or 1)))
    if args.min_time < 0 or args.max_reps < 1 or args.warmup < 0:
        p.error("--min-time must be >= 0, --max-reps >= 1, --warmup >= 0")
    return args


def main(argv):
    global torch, np
    args = parse_args(argv)
    preset = None
    try:
        if args.preset is not None:
            preset, path = load_preset(args.preset)
            raw = preset_points(preset, path)
        else:
            raw = cli_points(args)
        points = resolve_points(raw, args.threads)
    except PresetError as e:
        print("torch_bench: %s" % e, file=sys.stderr)
        return 2
    distinct = sorted({c["threads"] for _, _, c in points})
    process_threads = args.threads or (distinct[0] if len(distinct) == 1 else (os.cpu_count() or 1))

    ensure_environment(process_threads)  # re-executes this script unless the environment is in force

    import numpy
    import torch as torch_module
    np, torch = numpy, torch_module
    torch.set_num_threads(process_threads)
    torch.ones(8, 8) @ torch.ones(8, 8)  # loads the BLAS, so blas_description() can see it
    blas, detail = blas_description()
    BLAS_DETAIL.update(detail)
    if "netlib" in blas:
        print("torch_bench: warning: torch uses the netlib reference BLAS (%s); install OpenBLAS "
              "(apt-get install libopenblas0-pthread) for meaningful numbers" % detail.get("blas_library"),
              file=sys.stderr)
    environment = {k: os.environ[k] for k in ENVIRONMENT_KEYS if k in os.environ}
    environment["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE", "(unset)")

    benchmarks, rows, failures = [], [], 0
    budget = physical_memory_bytes() // 2
    for index, (name, method, config) in enumerate(points):
        label = "[%d/%d] %s" % (index + 1, len(points), name)
        _, extra_bytes, io_bytes = cost(method, config)
        if 2 * extra_bytes + io_bytes > budget:  # torch keeps a few n×n-sized temporaries alive
            print("%s skipped: needs about %.1f GiB, above half of physical memory"
                  % (label, (2 * extra_bytes + io_bytes) / 2 ** 30), file=sys.stderr)
            failures += 1
            continue
        torch.set_num_threads(config["threads"])
        set_blas_threads(config["threads"])
        try:
            call = build_call(method, config)  # inputs, weights and features: outside the timed region
            with torch.inference_mode():
                times, calls = time_call(call, args.warmup, args.min_time, args.max_reps)
            del call
        except RuntimeError as e:  # e.g. out of memory
            print("%s failed: %s" % (label, e), file=sys.stderr)
            failures += 1
            continue
        entries, stats = entries_for(index, name, method, config, times, calls, torch.get_num_threads())
        benchmarks += entries
        rows.append((name, stats, cost(method, config)[0], len(times)))
        print("%s %s ms" % (label, milliseconds(stats["median"])), file=sys.stderr, flush=True)

    result = {"context": context(process_threads, preset["name"] if preset else None, blas, environment),
              "benchmarks": benchmarks}
    text = json.dumps(result, indent=2) + "\n"
    if args.out:
        directory = os.path.dirname(os.path.abspath(args.out))
        os.makedirs(directory, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    if args.format == "json":
        if not args.out:
            sys.stdout.write(text)
    else:
        title = "PyTorch %s, %d threads, BLAS %s" % (torch.__version__, process_threads, blas)
        if preset:
            title = "%s\n%s" % (preset.get("title", preset["name"]), title)
        print_table(rows, title, sys.stdout)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
