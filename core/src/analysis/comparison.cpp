#include "attnscope/analysis/comparison.h"

#include <algorithm>

namespace attnscope {

bool comparablePoints(const BenchmarkPoint& a, const BenchmarkPoint& b) {
    const AttentionConfig& x = a.config;
    const AttentionConfig& y = b.config;
    return x.batch == y.batch && x.n == y.n && x.d == y.d && x.heads == y.heads &&
           x.resolvedThreads() == y.resolvedThreads();
}

std::optional<Method> speedupBaseline(const std::vector<Method>& methods) {
    const auto present = [&methods](Method m) {
        return std::find(methods.begin(), methods.end(), m) != methods.end();
    };
    for (Method preferred : {Method::mha, Method::softmax, Method::quadratic}) {
        if (present(preferred)) return preferred;
    }
    for (Method method : kAllMethods) {
        if (present(method)) return method;
    }
    return std::nullopt;
}

std::optional<Method> speedupBaseline(const std::vector<BenchmarkResult>& results) {
    std::vector<Method> methods;
    for (const BenchmarkResult& r : results) methods.push_back(r.point.method);
    return speedupBaseline(methods);
}

}  // namespace attnscope
