// Softmax attention in oneDNN (Debian's libdnnl-dev), the comparison issue 17 asks for: the matmul primitive
// for the scores Q Kᵀ (the 1/√dh scale fused as its output scale, Kᵀ read through strides, no copy), the
// softmax primitive in place over each score row, and the matmul primitive for P·V, written straight into the
// (batch, n, d) output. Heads are views of the (batch, n, d) inputs (strides), so no head split is timed.
// Each primitive is oneDNN's own choice for the shape (format "any" is not used: the inputs and the output
// keep attnscope's layout, the layout every method is timed with).
//
// Timing is attnscope's own timeRepetitions() with its default RunnerOptions but --min-time (warm-up, blocks
// of calls of at least 1 ms, ≥ 5 blocks and min-time seconds, median and quartiles), and the results JSON has
// the schema of `attnscope bench --format json` and torch_bench.py, with the same benchmark names, so
// tests/bench/check_targets.py --onednn reads it.
//
// Debian's oneDNN runs on OpenMP: --threads sets omp_set_num_threads(), and the JSON records
// omp_get_max_threads() as threads_used. attnscope's own kernels are not running in this process.
//
//   onednn_attention [--batch 32] [--heads 1] [--threads T] [--min-time 0.5] [--out F.json] N,D [N,D …]
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace {

using attnscope::RunnerOptions;
using attnscope::steadySeconds;
using attnscope::timeRepetitions;
using attnscope::TimingStats;
using dnnl::memory;
using Dims = memory::dims;

struct Shape {
    long batch, n, d, heads;
    long headDim() const { return d / heads; }
};

struct Options {
    long batch = 32, heads = 1;
    int threads = 0;
    double min_time = 0.5;
    std::string out;
    std::vector<std::pair<long, long>> shapes;  // (n, d)
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr,
                 "onednn_attention: %s\nusage: onednn_attention [--batch B] [--heads H] [--threads T] "
                 "[--min-time S] [--out F.json] N,D [N,D ...]\n",
                 problem);
    std::exit(2);
}

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
            return argv[++i];
        };
        if (arg == "--batch")
            o.batch = std::atol(value().c_str());
        else if (arg == "--heads")
            o.heads = std::atol(value().c_str());
        else if (arg == "--threads")
            o.threads = std::atoi(value().c_str());
        else if (arg == "--min-time")
            o.min_time = std::atof(value().c_str());
        else if (arg == "--out")
            o.out = value();
        else {
            long n = 0, d = 0;
            if (std::sscanf(arg.c_str(), "%ld,%ld", &n, &d) != 2) usage(("not a shape N,D: " + arg).c_str());
            o.shapes.emplace_back(n, d);
        }
    }
    if (o.shapes.empty()) usage("no shape given");
    if (o.batch < 1 || o.heads < 1 || o.threads < 0 || o.min_time <= 0)
        usage("batch, heads ≥ 1, min-time > 0");
    for (auto [n, d] : o.shapes)
        if (n < 1 || d < 1 || d % o.heads != 0) usage("every N, D ≥ 1, and D divisible by heads");
    return o;
}

// One attention call: three primitives and their memories, built once outside the timed region.
class OneDnnSoftmaxAttention {
public:
    OneDnnSoftmaxAttention(const Shape& s, dnnl::engine& engine, const std::vector<float>& q,
                           const std::vector<float>& k, const std::vector<float>& v, std::vector<float>& out)
        : engine_(engine), stream_(engine) {
        const long b = s.batch, h = s.heads, n = s.n, d = s.d, dh = s.headDim();
        const Dims rows = {n * d, dh, d, 1};  // (b, h, n, dh) as a view of (b, n, d)
        const memory::desc q_md({b, h, n, dh}, memory::data_type::f32, rows);
        const memory::desc kt_md({b, h, dh, n}, memory::data_type::f32, Dims{n * d, dh, 1, d});
        const memory::desc scores_md({b, h, n, n}, memory::data_type::f32, memory::format_tag::abcd);
        const memory::desc v_md({b, h, n, dh}, memory::data_type::f32, rows);

        dnnl::primitive_attr scale;
        scale.set_output_scales(0, {1.0f / std::sqrt(static_cast<float>(dh))});
        scores_pd_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(q_md, kt_md, scores_md), scale, engine_);
        softmax_pd_ = dnnl::softmax_forward::primitive_desc(
            dnnl::softmax_forward::desc(dnnl::prop_kind::forward_inference, scores_md, 3), engine_);
        output_pd_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(scores_md, v_md, q_md), engine_);

        q_ = memory(q_md, engine_, const_cast<float*>(q.data()));
        kt_ = memory(kt_md, engine_, const_cast<float*>(k.data()));
        v_ = memory(v_md, engine_, const_cast<float*>(v.data()));
        scores_ = memory(scores_md, engine_);
        out_ = memory(q_md, engine_, out.data());
        scores_prim_ = dnnl::matmul(scores_pd_);
        softmax_prim_ = dnnl::softmax_forward(softmax_pd_);
        output_prim_ = dnnl::matmul(output_pd_);
    }

    void operator()() {
        scores_prim_.execute(stream_, {{DNNL_ARG_SRC, q_}, {DNNL_ARG_WEIGHTS, kt_}, {DNNL_ARG_DST, scores_}});
        softmax_prim_.execute(stream_, {{DNNL_ARG_SRC, scores_}, {DNNL_ARG_DST, scores_}});
        output_prim_.execute(stream_,
                             {{DNNL_ARG_SRC, scores_}, {DNNL_ARG_WEIGHTS, v_}, {DNNL_ARG_DST, out_}});
        stream_.wait();
    }

    std::string implementations() const {
        return std::string("scores ") + scores_pd_.impl_info_str() + ", softmax " +
               softmax_pd_.impl_info_str() + ", P·V " + output_pd_.impl_info_str();
    }

private:
    dnnl::engine& engine_;
    dnnl::stream stream_;
    dnnl::matmul::primitive_desc scores_pd_, output_pd_;
    dnnl::softmax_forward::primitive_desc softmax_pd_;
    memory q_, kt_, v_, scores_, out_;
    dnnl::matmul scores_prim_, output_prim_;
    dnnl::softmax_forward softmax_prim_;
};

// Largest |oneDNN − float64| over batch 0, head 0, relative to the largest output: the primitives are wired
// right (strides, scale, softmax axis) or the benchmark is worthless.
double firstHeadError(const Shape& s, const std::vector<float>& q, const std::vector<float>& k,
                      const std::vector<float>& v, const std::vector<float>& out) {
    const long n = s.n, d = s.d, dh = s.headDim();
    const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
    std::vector<double> row(n);
    double worst = 0, largest = 1e-30;
    for (long i = 0; i < n; ++i) {
        double top = -INFINITY;
        for (long j = 0; j < n; ++j) {
            double dot = 0;
            for (long c = 0; c < dh; ++c) dot += double(q[i * d + c]) * k[j * d + c];
            row[j] = dot * scale;
            top = std::max(top, row[j]);
        }
        double sum = 0;
        for (double& x : row) sum += (x = std::exp(x - top));
        for (long c = 0; c < dh; ++c) {
            double value = 0;
            for (long j = 0; j < n; ++j) value += row[j] * v[j * d + c];
            value /= sum;
            worst = std::max(worst, std::abs(value - out[i * d + c]));
            largest = std::max(largest, std::abs(value));
        }
    }
    return worst / largest;
}

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parseOptions(argc, argv);
    if (options.threads > 0) omp_set_num_threads(options.threads);
    const int threads = omp_get_max_threads();
    const dnnl_version_t* version = dnnl_version();
    dnnl::engine engine(dnnl::engine::kind::cpu, 0);

    nlohmann::json benchmarks = nlohmann::json::array();
    int failures = 0;
    for (size_t index = 0; index < options.shapes.size(); ++index) {
        const Shape s{options.batch, options.shapes[index].first, options.shapes[index].second,
                      options.heads};
        const std::string name = "softmax/batch:" + std::to_string(s.batch) + "/n:" + std::to_string(s.n) +
                                 "/d:" + std::to_string(s.d) + "/heads:" + std::to_string(s.heads) +
                                 "/threads:" + std::to_string(threads);
        std::mt19937 random(17 + index);
        std::uniform_real_distribution<float> uniform(0.0f, 1.0f);  // torch.rand, like the notebook preset
        std::vector<float> q(s.batch * s.n * s.d), k(q.size()), v(q.size()), out(q.size());
        for (auto* x : {&q, &k, &v})
            for (float& e : *x) e = uniform(random);
        try {
            OneDnnSoftmaxAttention call(s, engine, q, k, v, out);
            call();
            const double error = firstHeadError(s, q, k, v, out);
            if (!(error < 1e-4)) {
                std::fprintf(stderr, "%s: wrong result, relative error %.3g against float64\n", name.c_str(),
                             error);
                ++failures;
                continue;
            }
            RunnerOptions runner;
            runner.min_seconds = options.min_time;
            const std::optional<TimingStats> t =
                timeRepetitions([&call] { call(); }, runner, steadySeconds, nullptr);
            const double median = t->median;
            const double flops = 4.0 * s.batch * s.n * s.n * s.d;
            std::fprintf(stderr, "[%zu/%zu] %s %.3f ms  (%s; error %.1e)\n", index + 1, options.shapes.size(),
                         name.c_str(), median * 1e3, call.implementations().c_str(), error);
            nlohmann::json entry = {{"name", name + "_median"},
                                    {"run_name", name},
                                    {"run_type", "aggregate"},
                                    {"aggregate_name", "median"},
                                    {"repetitions", t->repetitions()},
                                    {"iterations", t->repetitions()},
                                    {"threads", 1},
                                    {"real_time", median * 1e3},
                                    {"cpu_time", median * 1e3},
                                    {"time_unit", "ms"},
                                    {"method", "softmax"},
                                    {"batch", s.batch},
                                    {"n", s.n},
                                    {"d", s.d},
                                    {"heads", s.heads},
                                    {"threads_used", threads},
                                    {"calls_per_repetition", t->calls_per_repetition},
                                    {"q1_time", t->q1 * 1e3},
                                    {"q3_time", t->q3 * 1e3},
                                    {"flops", flops},
                                    {"gflops", flops / median * 1e-9},
                                    {"implementations", call.implementations()}};
            benchmarks.push_back(entry);
        } catch (const dnnl::error& e) {
            std::fprintf(stderr, "%s failed: %s\n", name.c_str(), e.what());
            ++failures;
        }
    }

    const std::string dnnl_version = std::to_string(version->major) + "." + std::to_string(version->minor) +
                                     "." + std::to_string(version->patch);
    const nlohmann::json result = {{"context",
                                    {{"num_cpus", omp_get_num_procs()},
                                     {"library_build_type", "release"},
                                     {"attnscope",
                                      {{"engine", "onednn"},
                                       {"onednn", dnnl_version},
                                       {"cpu_model", cpuModel()},
                                       {"threads", threads}}}}},
                                   {"benchmarks", benchmarks}};
    if (!options.out.empty()) {
        std::ofstream file(options.out);
        file << result.dump(2) << "\n";
        if (!file) {
            std::fprintf(stderr, "onednn_attention: cannot write %s\n", options.out.c_str());
            return 1;
        }
    } else {
        std::printf("%s\n", result.dump(2).c_str());
    }
    return failures ? 1 : 0;
}
