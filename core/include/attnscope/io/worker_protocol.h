#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// The window measures in a second process, `attnscope worker`, so that painting, heatmaps and the window's
// own threads never run beside a timed call and a crash of the measurement never takes the window down. The
// two talk in lines of JSON, one object per line (docs/formats.md, "Worker protocol"): the window writes
// requests to the worker's stdin, the worker writes messages to its stdout.

class WorkerProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Loaded inputs travel as the paths of their .npy files, by role ("q", "k", "v" or "x"); the worker reads
// them itself. Empty: the point draws random inputs from its seed.
using InputPaths = std::map<std::string, std::string>;

struct WorkerRequest {
    enum class Kind { run, cancel, quit };
    Kind kind = Kind::run;
    std::uint64_t id = 0;  // run: echoed by every message about this point
    BenchmarkPoint point;  // run: point.inputs stays null; see input_paths
    InputPaths input_paths;
    RunnerOptions options;
};

struct WorkerMessage {
    enum class Kind {
        ready,      // once, at start: the worker reads requests now; text is its version
        started,    // a run request began
        result,     // a run request finished: result (an error row when it could not run)
        cancelled,  // a run request stopped by a cancel request; nothing measured is reported
    };
    Kind kind = Kind::ready;
    std::uint64_t id = 0;
    std::string text;
    BenchmarkResult result;
    // result: when the point's measuring began and ended (inputs, warm-up, repetitions, stage profiling,
    // error), in steadySeconds(): CLOCK_MONOTONIC, which every process on the machine shares, so the
    // window can set it beside its own side jobs.
    double measured_from = 0;
    double measured_to = 0;
};

// A request or message of `kind` with every other field at its default: brace-initialising only the first
// fields trips GCC's -Wmissing-field-initializers.
inline WorkerRequest workerRequest(WorkerRequest::Kind kind) {
    WorkerRequest request;
    request.kind = kind;
    return request;
}
inline WorkerMessage workerMessage(WorkerMessage::Kind kind, std::uint64_t id, std::string text = {}) {
    WorkerMessage message;
    message.kind = kind;
    message.id = id;
    message.text = std::move(text);
    return message;
}

// One line each, without the newline. Doubles are written so that they read back bit for bit.
std::string encodeWorkerRequest(const WorkerRequest& request);
std::string encodeWorkerMessage(const WorkerMessage& message);

// Throw WorkerProtocolError naming what is wrong with the line; never crash on any input (fuzzed).
WorkerRequest parseWorkerRequest(std::string_view line);
WorkerMessage parseWorkerMessage(std::string_view line);

}  // namespace attnscope
