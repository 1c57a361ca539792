#include "attnscope/io/preset.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "attnscope/config/config_fields.h"

namespace attnscope {

using nlohmann::json;

namespace {

// More points than a person would wait for; a typo like "n": [1, ..., 100000] x five lists stops here.
constexpr std::size_t kMaxPoints = 100000;

// Sets alpha and beta to the same value, as the Xformer code ties them; not a config field of its own.
const std::string kTiedPooling = "s";

// When a run's lists expand, these nest outermost, in this order (docs/formats.md); the other integer
// config fields follow in the table's order.
const char* const kOuterGridFields[] = {"n", "d", "batch", "heads", "s"};

// Every key that may hold integers (or lists of them), outermost first.
const std::vector<std::string>& gridFields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> keys(std::begin(kOuterGridFields), std::end(kOuterGridFields));
        for (const ConfigField& field : configFields()) {
            const std::string key(field.key);
            if (field.type() != FieldType::choice && std::find(keys.begin(), keys.end(), key) == keys.end())
                keys.push_back(key);
        }
        return keys;
    }();
    return fields;
}

std::string allowedFieldsText() {
    std::string text;
    for (const std::string& key : gridFields()) text += (text.empty() ? "" : ", ") + key;
    for (const ConfigField& field : configFields()) {
        if (field.type() == FieldType::choice) text += ", " + std::string(field.key);
    }
    return text;
}

std::string quotedChoices(const ConfigField& field) {
    std::string text;
    for (std::size_t i = 0; i < field.choices.size(); ++i) {
        if (i > 0) text += i + 1 == field.choices.size() ? " or " : ", ";
        text.append(1, '"').append(field.choices[i].name).append(1, '"');
    }
    return text;
}

struct Context {
    const std::string& file;
    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw PresetError(file + ": " + key + ": " + message);
    }
};

std::string typeName(const json& value) {
    return value.type_name();
}

std::int64_t integerValue(const Context& context, const std::string& key, const json& value) {
    if (!value.is_number_integer()) {
        context.fail(key, "expected an integer, found " + typeName(value) + " " + value.dump());
    }
    return value.get<std::int64_t>();
}

std::vector<std::int64_t> integerList(const Context& context, const std::string& key, const json& value) {
    if (!value.is_array()) return {integerValue(context, key, value)};
    if (value.empty()) context.fail(key, "expected an integer or a non-empty list of integers, found []");
    std::vector<std::int64_t> list;
    for (const json& item : value) list.push_back(integerValue(context, key, item));
    return list;
}

bool isIntegerField(const std::string& key) {
    const ConfigField* field = findConfigField(key);
    return key == kTiedPooling || (field && field->type() != FieldType::choice);
}

void applyField(AttentionConfig& config, const std::string& key, std::int64_t value) {
    if (key == kTiedPooling) {
        config.alpha = config.beta = value;
    } else if (const ConfigField* field = findConfigField(key)) {
        field->setValue(config, value);
    }
}

std::vector<Method> methodList(const Context& context, const std::string& key, const json& value) {
    if (!value.is_array() || value.empty()) {
        context.fail(key, "expected a non-empty list of method names (" + methodNameList() + "), found " +
                              value.dump());
    }
    std::vector<Method> methods;
    for (const json& item : value) {
        if (!item.is_string()) context.fail(key, "expected a method name, found " + item.dump());
        const auto method = methodFromName(item.get<std::string>());
        if (!method) {
            context.fail(key,
                         "unknown method \"" + item.get<std::string>() + "\"; allowed: " + methodNameList());
        }
        methods.push_back(*method);
    }
    return methods;
}

// The fields of `defaults` or of one run, with list values kept for expansion.
struct FieldSet {
    std::map<std::string, std::vector<std::int64_t>> grid;
    std::vector<std::pair<const ConfigField*, std::int64_t>> choices;  // e.g. distribution, with its value
    std::vector<Method> methods;

    void applyChoices(AttentionConfig& config) const {
        for (const auto& [field, value] : choices) field->setValue(config, value);
    }
};

FieldSet readFields(const Context& context, const std::string& where, const json& object, bool is_run) {
    if (!object.is_object()) context.fail(where, "expected an object, found " + typeName(object));
    FieldSet fields;
    for (const auto& [key, value] : object.items()) {
        const std::string path = where + "." + key;
        const ConfigField* field = findConfigField(key);
        if (key == "methods" && is_run) {
            fields.methods = methodList(context, path, value);
        } else if (field && field->type() == FieldType::choice) {
            AttentionConfig parsed;
            if (!value.is_string() || !field->parse(value.get<std::string>(), parsed)) {
                context.fail(path, "expected " + quotedChoices(*field) + ", found " + value.dump());
            }
            fields.choices.emplace_back(field, field->value(parsed));
        } else if (isIntegerField(key)) {
            fields.grid[key] = integerList(context, path, value);
            if (!is_run && fields.grid[key].size() != 1) context.fail(path, "defaults take single values");
        } else {
            context.fail(path, std::string("unknown key; allowed: ") + (is_run ? "methods, " : "") +
                                   allowedFieldsText());
        }
    }
    if (is_run && fields.methods.empty())
        context.fail(where + ".methods", "missing: every run needs methods");
    return fields;
}

void expand(const Context& context, const std::string& where, const AttentionConfig& base,
            const FieldSet& run, std::size_t field_index, std::vector<BenchmarkPoint>& points,
            std::set<std::string>& names) {
    if (field_index == gridFields().size()) {
        for (Method method : run.methods) {
            BenchmarkPoint point{method, base};
            if (auto error = validate(point.config, method, std::numeric_limits<std::uint64_t>::max())) {
                context.fail(where + "." + error->field, error->message);
            }
            if (names.insert(point.name()).second) points.push_back(point);
        }
        return;
    }
    const std::string& field = gridFields()[field_index];
    const auto values = run.grid.find(field);
    if (values == run.grid.end()) return expand(context, where, base, run, field_index + 1, points, names);
    for (std::int64_t value : values->second) {
        AttentionConfig config = base;
        applyField(config, field, value);
        expand(context, where, config, run, field_index + 1, points, names);
    }
}

void readReference(const Context& context, const json& value, Preset& preset) {
    if (!value.is_object()) context.fail("reference", "expected an object with source and seconds");
    for (auto item = value.begin(); item != value.end(); ++item) {
        const std::string& key = item.key();
        if (key == "source" && item->is_string()) {
            preset.reference_source = item->get<std::string>();
            continue;
        }
        if (key != "seconds" || !item->is_array()) {
            context.fail("reference." + key,
                         "unknown key or wrong type; allowed: source (string), seconds (list)");
        }
        for (std::size_t i = 0; i < item->size(); ++i) {
            const std::string where = "reference.seconds[" + std::to_string(i) + "]";
            const json& entry = (*item)[i];
            if (!entry.is_object()) context.fail(where, "expected an object");
            ReferenceTiming timing;
            bool has_method = false, has_value = false;
            for (auto field = entry.begin(); field != entry.end(); ++field) {
                if (field.key() == "method") {
                    timing.method = methodList(context, where + ".method", json::array({*field}))[0];
                    has_method = true;
                } else if (field.key() == "value") {
                    if (!field->is_number() || field->get<double>() <= 0) {
                        context.fail(where + ".value", "expected a positive number of seconds");
                    }
                    timing.seconds = field->get<double>();
                    has_value = true;
                } else if (isIntegerField(field.key())) {
                    timing.match[field.key()] = integerValue(context, where + "." + field.key(), *field);
                } else {
                    context.fail(where + "." + field.key(),
                                 "unknown key; allowed: method, value, and config fields");
                }
            }
            if (!has_method || !has_value) context.fail(where, "needs both method and value");
            preset.reference.push_back(timing);
        }
    }
}

PresetLayout readLayout(const Context& context, const std::string& layout) {
    if (layout == "generic") return PresetLayout::generic;
    if (layout == "notebook") return PresetLayout::notebook;
    if (layout == "xformer-table") return PresetLayout::xformer_table;
    if (layout == "favor-error") return PresetLayout::feature_error;
    context.fail(
        "layout",
        "expected \"generic\", \"notebook\", \"xformer-table\" or \"favor-error\", found \"" + layout + "\"");
}

}  // namespace

Preset parsePreset(const std::string& json_text, const std::string& file_name, int threads) {
    const Context context{file_name};
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::exception& error) {
        // Syntax errors, and numbers out of double's range (out_of_range), found by fuzzing.
        // nlohmann's message includes the byte offset.
        context.fail("(syntax)", std::string("not valid JSON: ") + error.what());
    }
    if (!root.is_object()) context.fail("(top level)", "expected an object, found " + typeName(root));

    Preset preset;
    FieldSet defaults;
    const json* runs = nullptr;
    for (auto item = root.begin(); item != root.end(); ++item) {
        const std::string& key = item.key();
        const json& value = item.value();
        auto text = [&] {
            if (!value.is_string()) context.fail(key, "expected a string, found " + typeName(value));
            return value.get<std::string>();
        };
        if (key == "name")
            preset.name = text();
        else if (key == "title")
            preset.title = text();
        else if (key == "description")
            preset.description = text();
        else if (key == "layout")
            preset.layout = readLayout(context, text());
        else if (key == "defaults")
            defaults = readFields(context, "defaults", value, false);
        else if (key == "runs")
            runs = &value;
        else if (key == "reference")
            readReference(context, value, preset);
        else
            context.fail(key,
                         "unknown key; allowed: name, title, description, layout, defaults, runs, reference");
    }
    if (preset.name.empty()) context.fail("name", "missing: a preset needs a name");
    if (!runs) context.fail("runs", "missing: a preset needs a list of runs");
    if (!runs->is_array() || runs->empty()) context.fail("runs", "expected a non-empty list of runs");

    AttentionConfig base = defaultConfig();
    for (const auto& [key, values] : defaults.grid) applyField(base, key, values.front());
    defaults.applyChoices(base);
    if (threads > 0) base.threads = threads;
    std::set<std::string> names;
    for (std::size_t i = 0; i < runs->size(); ++i) {
        const std::string where = "runs[" + std::to_string(i) + "]";
        FieldSet run = readFields(context, where, (*runs)[i], true);
        double run_points = static_cast<double>(run.methods.size());
        for (const auto& entry : run.grid) run_points *= static_cast<double>(entry.second.size());
        if (static_cast<double>(preset.points.size()) + run_points > static_cast<double>(kMaxPoints)) {
            context.fail(where,
                         "expands to more than " + std::to_string(kMaxPoints) + " points; split it up");
        }
        AttentionConfig config = base;
        run.applyChoices(config);
        if (threads > 0) run.grid.erase("threads");
        expand(context, where, config, run, 0, preset.points, names);
    }
    return preset;
}

bool ReferenceTiming::matches(const BenchmarkPoint& point) const {
    if (point.method != method) return false;
    const AttentionConfig& c = point.config;
    for (const auto& [key, value] : match) {
        const ConfigField* field = findConfigField(key);
        const std::int64_t actual = key == kTiedPooling ? (c.alpha == c.beta ? c.alpha : -1)
                                    : field             ? field->value(c)
                                                        : -1;
        if (actual != value) return false;
    }
    return true;
}

const ReferenceTiming* Preset::referenceFor(const BenchmarkPoint& point) const {
    for (const ReferenceTiming& timing : reference) {
        if (timing.matches(point)) return &timing;
    }
    return nullptr;
}

}  // namespace attnscope
