#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// Every AttentionConfig field defined once, in the manner of Google Benchmark's BM_DEFINE_*: its key, where
// it lives, its range, default, label, help and the methods it applies to. The command line's options and
// --help, the window's parameter rows, its stored settings, the results table's columns, the report's
// parameter list and the JSON keys of presets and results are all made from this table. validate() stays the
// one check of a whole config; the ranges here are what a single field may hold, with the limits that depend
// on other fields spelled out in limit_note.

// What part of a run a field describes; consumers pick and group fields by it.
enum class FieldCategory {
    shape,      // the tensors' sizes: batch, n, d, heads
    method,     // a parameter that only some methods use: alpha, beta, features
    inputs,     // how random inputs are drawn: seed, distribution
    execution,  // how the run is carried out, not what it computes: threads
};

enum class FieldType {
    integer,           // std::int64_t or int members
    unsigned_integer,  // the 64-bit seed
    choice,            // an enum with named values (distribution)
};

using FieldMember = std::variant<std::int64_t AttentionConfig::*, int AttentionConfig::*,
                                 std::uint64_t AttentionConfig::*, InputDistribution AttentionConfig::*>;

struct FieldChoice {
    std::string_view name;  // as typed on the command line and stored in files
    std::string_view help = {};
};

struct ConfigField {
    std::string_view key = {};    // command-line option, JSON/preset key, settings key "parameters/<key>"
    std::string_view label = {};  // a few words naming the field on screen and in reports
    std::string_view help = {};   // one or two sentences: --help and the window's tooltip
    FieldCategory category = FieldCategory::shape;
    FieldMember member = {};
    std::int64_t minimum = 0;  // the range one field may hold (integer fields)
    std::int64_t maximum = 0;
    std::string_view limit_note = {};  // a limit that depends on other fields, e.g. "at most d / heads"
    std::string_view zero_means = {};  // for fields where 0 picks a value: the word for it ("auto", "all")
    // Where values are usually chosen: a slider covers minimum..typical_maximum and steps through powers of
    // two if powers_of_two; larger values are typed.
    std::int64_t typical_maximum = 0;
    bool powers_of_two = false;
    std::int64_t default_value = 0;  // choice fields: the enum's value, which indexes `choices`
    bool (*applies_to)(Method) = nullptr;
    // The value a run uses where 0 picks one (features, threads); null for other fields.
    std::int64_t (*effective)(const AttentionConfig&) = nullptr;
    std::span<const FieldChoice> choices = {};

    FieldType type() const;
    bool appliesTo(Method method) const { return applies_to(method); }
    bool appliesToAll() const;
    // "1 to 65536", "1 to 65536, at most d / heads", "0 (auto) or 1 to 65536", "uniform or normal".
    std::string rangeText() const;
    // "xformer" or "" when the field applies to every method.
    std::string methodsText() const;

    // Integer and unsigned fields; a choice field's enum value.
    std::int64_t value(const AttentionConfig& config) const;
    // Clamps to what the member's type holds; validate() judges the range.
    void setValue(AttentionConfig& config, std::int64_t value) const;
    std::uint64_t unsignedValue(const AttentionConfig& config) const;  // unsigned fields
    // effective() where the field has one, else value().
    std::int64_t effectiveValue(const AttentionConfig& config) const;

    // The value as typed on the command line and stored in settings: "512", "42", "uniform".
    std::string text(const AttentionConfig& config) const;
    std::string defaultText() const;
    // Reads text() back into `config`; false (and `config` unchanged) if it is not a value of this type. The
    // range is left to validate(), which names the allowed values.
    bool parse(std::string_view text, AttentionConfig& config) const;
};

// In the order the window and the results table show them: batch, n, d, heads, alpha, beta, features,
// seed, distribution, threads.
std::span<const ConfigField> configFields();
const ConfigField* findConfigField(std::string_view key);

// The window's and the command line's starting point: the table's defaults, which AttentionConfig{} shares.
AttentionConfig defaultConfig();
std::vector<Method> defaultMethods();

}  // namespace attnscope
