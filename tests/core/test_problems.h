#pragma once
#include <ostream>
#include <string>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope::test {

// One kernel-vs-reference case; its name shows in the test list, so a failure names its shape.
struct KernelCase {
    Method method;
    AttentionConfig config;
    std::string label;
};

inline AttentionConfig shape(std::int64_t batch, std::int64_t n, std::int64_t d, std::int64_t heads = 1,
                             std::int64_t alpha = 1, std::int64_t beta = 1, std::int64_t features = 0,
                             InputDistribution distribution = InputDistribution::uniform) {
    AttentionConfig c;
    c.batch = batch;
    c.n = n;
    c.d = d;
    c.heads = heads;
    c.alpha = alpha;
    c.beta = beta;
    c.features = features;
    c.distribution = distribution;
    c.seed = static_cast<std::uint64_t>(batch * 1000003 + n * 1009 + d * 17 + heads + alpha * 7 + beta * 13);
    return c;
}

inline void PrintTo(const KernelCase& c, std::ostream* os) {
    *os << c.label;
}

}  // namespace attnscope::test

namespace attnscope {
inline void PrintTo(Method method, std::ostream* os) {
    *os << methodName(method);
}

}  // namespace attnscope
