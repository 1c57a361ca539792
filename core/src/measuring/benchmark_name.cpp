#include "attnscope/measuring/benchmark_name.h"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace attnscope {

namespace {

// An integer exactly as std::to_string writes it: from_chars alone would accept "007" or "-0" and so break
// str(parse(x)) == x. Negative values only occur in the names of invalid points, which still get reported.
std::optional<std::int64_t> parseValue(std::string_view text) {
    const std::string_view digits = text.substr(text.starts_with('-') ? 1 : 0);
    if (digits.empty() || (digits.front() == '0' && text.size() > 1)) return std::nullopt;
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::ptrdiff_t keyIndex(std::string_view key) {
    const auto at = std::find(std::begin(BenchmarkName::kKeys), std::end(BenchmarkName::kKeys), key);
    return at == std::end(BenchmarkName::kKeys) ? -1 : at - std::begin(BenchmarkName::kKeys);
}

}  // namespace

BenchmarkName::BenchmarkName(Method method, const AttentionConfig& c) : method_(method) {
    parts_ = {{"batch", c.batch}, {"n", c.n}, {"d", c.d}, {"heads", c.heads}};
    if (usesAlphaBeta(method)) {
        parts_.push_back({"alpha", c.alpha});
        parts_.push_back({"beta", c.beta});
    }
    // featureCount() divides by heads: an invalid config still gets a name, for its error message.
    if (usesRandomFeatures(method) && c.heads > 0 && c.d % c.heads == 0 && c.d > 0) {
        parts_.push_back({"features", c.featureCount()});
    }
    parts_.push_back({"threads", c.resolvedThreads()});
}

std::optional<BenchmarkName> BenchmarkName::parse(std::string_view text) {
    const auto slash = text.find('/');
    const std::optional<Method> method = methodFromName(text.substr(0, slash));
    if (!method) return std::nullopt;
    std::vector<Part> parts;
    std::ptrdiff_t previous = -1;
    std::string_view rest = slash == std::string_view::npos ? std::string_view() : text.substr(slash);
    while (!rest.empty()) {
        rest.remove_prefix(1);  // the '/'
        const std::string_view part = rest.substr(0, rest.find('/'));
        rest.remove_prefix(part.size());
        const auto colon = part.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        const std::ptrdiff_t index = keyIndex(part.substr(0, colon));
        if (index <= previous) return std::nullopt;  // unknown, repeated or out of order
        previous = index;
        const std::optional<std::int64_t> value = parseValue(part.substr(colon + 1));
        if (!value) return std::nullopt;
        parts.push_back({std::string(part.substr(0, colon)), *value});
    }
    return BenchmarkName(*method, std::move(parts));
}

std::string BenchmarkName::str() const {
    std::string text(methodName(method_));
    for (const Part& part : parts_) text += "/" + part.key + ":" + std::to_string(part.value);
    return text;
}

std::optional<std::int64_t> BenchmarkName::value(std::string_view key) const {
    const auto at = std::find_if(parts_.begin(), parts_.end(), [key](const Part& p) { return p.key == key; });
    if (at == parts_.end()) return std::nullopt;
    return at->value;
}

BenchmarkName BenchmarkName::withoutLength() const {
    std::vector<Part> parts;
    std::copy_if(parts_.begin(), parts_.end(), std::back_inserter(parts),
                 [](const Part& p) { return p.key != "n"; });
    return BenchmarkName(method_, std::move(parts));
}

std::string BenchmarkName::shortLabel() const {
    std::string label(methodName(method_));
    if (const auto n = length()) label += " \u00b7 n " + std::to_string(*n);
    return label;
}

}  // namespace attnscope
