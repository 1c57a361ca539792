#include "simultaneous_threads.h"

#include <algorithm>
#include <barrier>
#include <limits>
#include <thread>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

double fastestTogether(int threads, int repetitions, const std::function<void(int)>& prepare,
                       const std::function<void(int)>& work) {
    // Each thread reads the clock itself around its work: the calling thread may be woken from the barrier
    // long after the others started (on a busy machine, milliseconds), and taking the best repetition would
    // then pick the one whose start it noticed latest.
    const auto count = static_cast<std::size_t>(threads);
    std::vector<double> starts(count), ends(count);
    std::barrier sync(threads + 1);  // the calling thread joins each phase to collect the times
    std::vector<std::jthread> team;
    team.reserve(count);
    for (std::size_t t = 0; t < count; ++t) {
        team.emplace_back([&, t] {
            prepare(static_cast<int>(t));
            for (int r = 0; r < repetitions; ++r) {
                sync.arrive_and_wait();
                starts[t] = steadySeconds();
                work(static_cast<int>(t));
                ends[t] = steadySeconds();
                sync.arrive_and_wait();
            }
        });
    }
    double fastest = std::numeric_limits<double>::infinity();
    for (int r = 0; r < repetitions; ++r) {
        sync.arrive_and_wait();  // everyone prepared, or done with the repetition before: go
        sync.arrive_and_wait();  // everyone finished
        const double first_start = *std::min_element(starts.begin(), starts.end());
        const double last_end = *std::max_element(ends.begin(), ends.end());
        fastest = std::min(fastest, last_end - first_start);
    }
    return fastest;
}

}  // namespace attnscope
