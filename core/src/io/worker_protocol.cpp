#include "attnscope/io/worker_protocol.h"

#include <nlohmann/json.hpp>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/config/config_fields.h"
#include "attnscope/io/config_json.h"

namespace attnscope {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& message) {
    throw WorkerProtocolError("worker protocol: " + message);
}

const json& member(const json& object, const char* key) {
    if (!object.is_object()) fail(std::string("expected an object holding \"") + key + "\"");
    const auto found = object.find(key);
    if (found == object.end()) fail(std::string("missing \"") + key + "\"");
    return *found;
}

double number(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_number()) fail(std::string("\"") + key + "\" is not a number");
    return value.get<double>();
}

std::int64_t integer(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_number_integer()) fail(std::string("\"") + key + "\" is not an integer");
    return value.get<std::int64_t>();
}

std::uint64_t unsignedInteger(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_number_unsigned()) fail(std::string("\"") + key + "\" is not an unsigned integer");
    return value.get<std::uint64_t>();
}

std::string text(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_string()) fail(std::string("\"") + key + "\" is not a string");
    return value.get<std::string>();
}

bool flag(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_boolean()) fail(std::string("\"") + key + "\" is not true or false");
    return value.get<bool>();
}

int smallInteger(const json& object, const char* key) {
    const std::int64_t value = integer(object, key);
    if (value < 0 || value > 1'000'000'000) fail(std::string("\"") + key + "\" is out of range");
    return static_cast<int>(value);
}

BenchmarkPoint pointFromJson(const json& object) {
    BenchmarkPoint point;
    const std::string method = text(object, "method");
    const auto parsed = methodFromName(method);
    if (!parsed) fail("unknown method \"" + method + "\"");
    point.method = *parsed;
    const json& fields = member(object, "config");
    for (const ConfigField& field : configFields()) {
        const std::string key(field.key);
        if (!field.parse(text(fields, key.c_str()), point.config)) fail("bad value for config field " + key);
    }
    return point;
}

json pointJson(const BenchmarkPoint& point) {
    return {{"method", methodName(point.method)}, {"config", configTextJson(point.config)}};
}

json optionsJson(const RunnerOptions& o) {
    return {{"warmup_calls", o.warmup_calls},
            {"min_seconds", o.min_seconds},
            {"min_repetitions", o.min_repetitions},
            {"max_repetitions", o.max_repetitions},
            {"max_seconds", o.max_seconds},
            {"noisy_spread", o.noisy_spread},
            {"settle_factor", o.settle_factor},
            {"stage_seconds", o.stage_seconds},
            {"measure_error", o.measure_error},
            {"min_block_seconds", o.min_block_seconds},
            {"counters", o.counters}};
}

RunnerOptions optionsFromJson(const json& object) {
    RunnerOptions o;
    o.warmup_calls = smallInteger(object, "warmup_calls");
    o.min_seconds = number(object, "min_seconds");
    o.min_repetitions = smallInteger(object, "min_repetitions");
    o.max_repetitions = smallInteger(object, "max_repetitions");
    o.max_seconds = number(object, "max_seconds");
    o.min_block_seconds = number(object, "min_block_seconds");
    o.noisy_spread = number(object, "noisy_spread");
    o.settle_factor = number(object, "settle_factor");
    o.stage_seconds = number(object, "stage_seconds");
    o.measure_error = flag(object, "measure_error");
    // Optional: a window older than the counters does not send it.
    o.counters = object.contains("counters") && flag(object, "counters");
    return o;
}

json resultJson(const BenchmarkResult& r) {
    json stages = json::array();
    for (const StageTime& stage : r.stages.stages) {
        stages.push_back(
            {{"stage", stageName(stage.stage)}, {"seconds", stage.seconds}, {"flops", stage.flops}});
    }
    json object = {{"point", pointJson(r.point)},
                   {"error", r.error},
                   {"samples", r.stats.samples},
                   {"calls_per_repetition", r.stats.calls_per_repetition},
                   {"stages", stages},
                   {"stage_wall_seconds", r.stages.wall_seconds},
                   {"stage_calls", r.stages.calls},
                   {"feature_draw_seconds", r.stages.feature_draw_seconds}};
    object["peak_resident_growth"] = r.peak_resident_growth ? json(*r.peak_resident_growth) : json();
    if (r.approximation) {
        object["output_error"] = r.approximation->output;
        object["attention_error"] = r.approximation->attention ? json(*r.approximation->attention) : json();
    }
    if (r.counters) {
        auto optional = [](const std::optional<double>& value) { return value ? json(*value) : json(); };
        const CounterStats& k = *r.counters;
        object["counters"] = {{"calls", k.calls},
                              {"wall_seconds", k.wall_seconds},
                              {"task_clock_seconds", k.task_clock_seconds},
                              {"page_faults", k.page_faults},
                              {"context_switches", optional(k.context_switches)},
                              {"cycles", optional(k.cycles)},
                              {"instructions", optional(k.instructions)},
                              {"llc_misses", optional(k.llc_misses)}};
    }
    return object;
}

Stage knownStage(const std::string& name) {
    const std::optional<Stage> stage = stageFromName(name);
    if (!stage) fail("unknown stage \"" + name + "\"");
    return *stage;
}

BenchmarkResult resultFromJson(const json& object) {
    BenchmarkResult r;
    r.point = pointFromJson(member(object, "point"));
    r.error = text(object, "error");
    const json& samples = member(object, "samples");
    if (!samples.is_array()) fail("\"samples\" is not a list");
    std::vector<double> seconds;
    for (const json& sample : samples) {
        if (!sample.is_number() || sample.get<double>() < 0) fail("a sample is not a time");
        seconds.push_back(sample.get<double>());
    }
    r.stats = summarize(std::move(seconds));
    r.stats.calls_per_repetition = smallInteger(object, "calls_per_repetition");
    if (r.stats.calls_per_repetition < 1) fail("\"calls_per_repetition\" is below 1");
    const json& stages = member(object, "stages");
    if (!stages.is_array()) fail("\"stages\" is not a list");
    for (const json& stage : stages) {
        r.stages.stages.push_back(
            {knownStage(text(stage, "stage")), number(stage, "seconds"), number(stage, "flops")});
    }
    r.stages.wall_seconds = number(object, "stage_wall_seconds");
    r.stages.calls = smallInteger(object, "stage_calls");
    r.stages.feature_draw_seconds = number(object, "feature_draw_seconds");
    const json& growth = member(object, "peak_resident_growth");
    if (!growth.is_null()) r.peak_resident_growth = unsignedInteger(object, "peak_resident_growth");
    if (object.contains("output_error")) {
        FavorError error;
        error.output = number(object, "output_error");
        if (!member(object, "attention_error").is_null()) error.attention = number(object, "attention_error");
        r.approximation = error;
    }
    if (object.contains("counters")) {
        const json& counters = member(object, "counters");
        auto optional = [&](const char* key) -> std::optional<double> {
            if (member(counters, key).is_null()) return std::nullopt;
            return number(counters, key);
        };
        CounterStats k;
        k.calls = integer(counters, "calls");
        k.wall_seconds = number(counters, "wall_seconds");
        k.task_clock_seconds = number(counters, "task_clock_seconds");
        k.page_faults = number(counters, "page_faults");
        k.context_switches = optional("context_switches");
        k.cycles = optional("cycles");
        k.instructions = optional("instructions");
        k.llc_misses = optional("llc_misses");
        r.counters = k;
    }
    // The model's cost follows from the point; a point that failed validation has none, as in runPoint.
    if (!validate(r.point.config, r.point.method)) r.cost = estimateCost(r.point.method, r.point.config);
    return r;
}

json parseLine(std::string_view line) {
    json object = json::parse(line.begin(), line.end(), nullptr, false);
    if (object.is_discarded()) fail("not a JSON line: " + std::string(line.substr(0, 80)));
    if (!object.is_object()) fail("expected a JSON object");
    return object;
}

}  // namespace

std::string encodeWorkerRequest(const WorkerRequest& request) {
    json object;
    switch (request.kind) {
        case WorkerRequest::Kind::run:
            object = {{"type", "run"},
                      {"id", request.id},
                      {"point", pointJson(request.point)},
                      {"inputs", request.input_paths},
                      {"options", optionsJson(request.options)}};
            break;
        case WorkerRequest::Kind::cancel:
            object = {{"type", "cancel"}};
            break;
        case WorkerRequest::Kind::quit:
            object = {{"type", "quit"}};
            break;
    }
    return object.dump();
}

WorkerRequest parseWorkerRequest(std::string_view line) {
    const json object = parseLine(line);
    const std::string type = text(object, "type");
    WorkerRequest request;
    if (type == "cancel") {
        request.kind = WorkerRequest::Kind::cancel;
    } else if (type == "quit") {
        request.kind = WorkerRequest::Kind::quit;
    } else if (type == "run") {
        request.id = unsignedInteger(object, "id");
        request.point = pointFromJson(member(object, "point"));
        request.options = optionsFromJson(member(object, "options"));
        const json& inputs = member(object, "inputs");
        if (!inputs.is_object()) fail("\"inputs\" is not an object");
        for (const auto& [role, path] : inputs.items()) {
            if (role != "q" && role != "k" && role != "v" && role != "x")
                fail("unknown input \"" + role + "\"");
            if (!path.is_string()) fail("input path is not a string");
            request.input_paths[role] = path.get<std::string>();
        }
    } else {
        fail("unknown request type \"" + type + "\"");
    }
    return request;
}

std::string encodeWorkerMessage(const WorkerMessage& message) {
    json object = {{"id", message.id}};
    switch (message.kind) {
        case WorkerMessage::Kind::ready:
            object.update({{"type", "ready"}, {"text", message.text}});
            break;
        case WorkerMessage::Kind::started:
            object["type"] = "started";
            break;
        case WorkerMessage::Kind::result:
            object.update({{"type", "result"},
                           {"result", resultJson(message.result)},
                           {"measured_from", message.measured_from},
                           {"measured_to", message.measured_to}});
            break;
        case WorkerMessage::Kind::cancelled:
            object["type"] = "cancelled";
            break;
    }
    return object.dump();
}

WorkerMessage parseWorkerMessage(std::string_view line) {
    const json object = parseLine(line);
    const std::string type = text(object, "type");
    WorkerMessage message;
    message.id = unsignedInteger(object, "id");
    if (type == "ready") {
        message.kind = WorkerMessage::Kind::ready;
        message.text = text(object, "text");
    } else if (type == "started") {
        message.kind = WorkerMessage::Kind::started;
    } else if (type == "cancelled") {
        message.kind = WorkerMessage::Kind::cancelled;
    } else if (type == "result") {
        message.kind = WorkerMessage::Kind::result;
        message.result = resultFromJson(member(object, "result"));
        message.measured_from = number(object, "measured_from");
        message.measured_to = number(object, "measured_to");
    } else {
        fail("unknown message type \"" + type + "\"");
    }
    return message;
}

}  // namespace attnscope
