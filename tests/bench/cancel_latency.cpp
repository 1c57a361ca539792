// How long Stop takes: runs each point with an endless time budget, sets the cancel flag after a delay and
// prints the time until the runner returns. Usage: cancel_latency [delay_ms] (default 300).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace {

struct Case {
    attnscope::Method method;
    std::int64_t batch, n, d, heads, s;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace attnscope;
    const int delay_ms = argc > 1 ? std::atoi(argv[1]) : 300;
    const std::vector<Case> cases = {
        {Method::quadratic, 1, 4096, 64, 1, 1}, {Method::quadratic, 1, 4096, 2048, 1, 1},
        {Method::linear, 1, 4096, 64, 1, 1},    {Method::linear, 1, 4096, 2048, 1, 1},
        {Method::linear, 4, 4096, 2048, 1, 1},  {Method::softmax, 1, 4096, 64, 1, 1},
        {Method::softmax, 8, 4096, 512, 1, 1},  {Method::mha, 4, 4096, 512, 4, 1},
        {Method::xformer, 4, 4096, 512, 4, 2},  {Method::performer, 4, 4096, 512, 4, 1},
    };
    RunnerOptions options;
    options.min_seconds = options.max_seconds = 3600;
    options.min_repetitions = options.max_repetitions = 1000000;
    std::printf("%-10s %6s %6s %6s %6s  %s\n", "method", "batch", "n", "d", "heads", "stop latency (ms)");
    for (const Case& c : cases) {
        AttentionConfig config;
        config.batch = c.batch;
        config.n = c.n;
        config.d = c.d;
        config.heads = c.heads;
        config.alpha = config.beta = c.s;
        CancelFlag cancel{false};
        std::chrono::steady_clock::time_point stopped;
        std::thread runner([&] { runPoint({c.method, config}, options, &cancel); });
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        stopped = std::chrono::steady_clock::now();
        cancel = true;
        runner.join();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stopped).count();
        std::printf("%-10s %6lld %6lld %6lld %6lld  %.1f\n", std::string(methodName(c.method)).c_str(),
                    static_cast<long long>(c.batch), static_cast<long long>(c.n), static_cast<long long>(c.d),
                    static_cast<long long>(c.heads), ms);
    }
}
