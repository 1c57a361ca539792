#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// A benchmark's name, built like Google Benchmark's BenchmarkName: the method, then key:value parts in a
// fixed order, METHOD/batch:B/n:N/d:D/heads:H[/alpha:A/beta:B][/features:M]/threads:T (docs/formats.md),
// e.g. "xformer/batch:40/n:128/d:512/heads:4/alpha:2/beta:2/threads:1". Saved results files (ours and
// tests/bench/torch_bench.py's) pair benchmarks by this string, so str() spells it exactly that way, and
// everything that needs a field of a name asks parse() instead of splitting the string itself.
class BenchmarkName {
public:
    struct Part {
        std::string key;  // one of kKeys
        std::int64_t value = 0;
        bool operator==(const Part&) const = default;
    };

    // Every key a name may have, in the order they appear.
    static constexpr std::string_view kKeys[] = {"batch", "n",    "d",        "heads",
                                                 "alpha", "beta", "features", "threads"};

    // The name of `method` on `config`: the fields the method uses, features resolved (never 0).
    BenchmarkName(Method method, const AttentionConfig& config);

    // The inverse of str(): a known method, then key:value parts with keys from kKeys, each at most once
    // and in kKeys' order, values integers as std::to_string writes them (no '+', no leading zero). Anything
    // else, e.g. a Google Benchmark name of another program, is std::nullopt.
    static std::optional<BenchmarkName> parse(std::string_view text);

    std::string str() const;
    Method method() const { return method_; }
    const std::vector<Part>& parts() const { return parts_; }
    std::optional<std::int64_t> value(std::string_view key) const;
    std::optional<std::int64_t> length() const { return value("n"); }

    // The name without its n part: every point of one sweep over n shares it (one curve, one fitted slope).
    BenchmarkName withoutLength() const;
    // The part of the name that changes during a sweep, e.g. "softmax · n 512" (UTF-8); a name without n
    // gives the method alone.
    std::string shortLabel() const;

    bool operator==(const BenchmarkName&) const = default;

private:
    BenchmarkName(Method method, std::vector<Part> parts) : method_(method), parts_(std::move(parts)) {}

    Method method_;
    std::vector<Part> parts_;
};

}  // namespace attnscope
