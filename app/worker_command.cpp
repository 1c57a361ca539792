// `attnscope worker`: the measuring process the window starts (core/include/attnscope/io/worker_protocol.h).
// It reads requests from stdin on the main thread and measures on a second one, so a cancel request is
// heard while a point runs.
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "attnscope/config/user_inputs.h"
#include "attnscope/io/npy.h"
#include "attnscope/io/worker_protocol.h"
#include "attnscope/measuring/system_info.h"
#include "cli_common.h"

namespace attnscope::cli {

namespace {

std::mutex output_mutex;

void send(const WorkerMessage& message) {
    const std::string line = encodeWorkerMessage(message) + "\n";
    const std::lock_guard lock(output_mutex);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

// "0,1" or "2-3": the cores the measuring threads may use. Every thread the process starts later (oneTBB's
// workers) inherits the mask, so pinning the process before the first point pins them all.
void pinToCores(const QString& list) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const QString& part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList ends = part.split(QLatin1Char('-'));
        const auto first = parseInteger(QStringLiteral("--cpus"), ends.front(), 0, CPU_SETSIZE - 1);
        const auto last = parseInteger(QStringLiteral("--cpus"), ends.back(), first, CPU_SETSIZE - 1);
        for (auto cpu = first; cpu <= last; ++cpu) CPU_SET(static_cast<int>(cpu), &set);
    }
    if (CPU_COUNT(&set) == 0) throw UsageError("--cpus: expected a list of cores such as 0,1 or 2-3");
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        printErr(QStringLiteral("attnscope worker: cannot pin to cores %1; running unpinned\n").arg(list));
    }
}

// Bytes of private writable memory mapped now (VmData), which RLIMIT_DATA counts; 0 when /proc cannot tell.
std::uint64_t dataBytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmData:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
    }
    return 0;
}

// The memory guard: allocations beyond `budget` bytes more than the process holds now fail, so a point that
// would push the machine into swap or the out-of-memory killer becomes an "out of memory" error row and the
// worker lives on for the next point. Relative to what is mapped now, because a sanitizer build maps
// terabytes of shadow memory before main.
std::uint64_t guardMemory(std::uint64_t budget) {
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = dataBytes() + budget;
    if (setrlimit(RLIMIT_DATA, &limit) != 0) {
        printErr(QStringLiteral("attnscope worker: cannot set the memory guard; running without one\n"));
        return 0;
    }
    return budget;
}

// Loaded inputs, read once per set of paths: a sweep sends the same files with every point.
class InputCache {
public:
    std::shared_ptr<const UserInputs> get(const InputPaths& paths) {
        if (paths.empty()) return nullptr;
        if (paths == paths_ && inputs_) return inputs_;
        auto inputs = std::make_shared<UserInputs>();
        for (const auto& [role, path] : paths) {
            Tensor tensor = tensorFromNpy(readNpy(path), path);
            (role == "q"   ? inputs->q
             : role == "k" ? inputs->k
             : role == "v" ? inputs->v
                           : inputs->x) = std::move(tensor);
        }
        paths_ = paths;
        inputs_ = std::move(inputs);
        return inputs_;
    }

private:
    InputPaths paths_;
    std::shared_ptr<const UserInputs> inputs_;
};

class Measurer {
public:
    explicit Measurer(std::uint64_t memory_guard) : memoryGuard_(memory_guard), thread_([this] { loop(); }) {}
    ~Measurer() {
        {
            const std::lock_guard lock(mutex_);
            quitting_ = true;
            cancel_.store(true);
        }
        wake_.notify_all();
        thread_.join();
    }

    void enqueue(WorkerRequest request) {
        {
            const std::lock_guard lock(mutex_);
            queue_.push_back(std::move(request));
        }
        wake_.notify_all();
    }

    // Stops the running point and drops the waiting ones; each is answered with "cancelled".
    void cancel() {
        std::deque<WorkerRequest> dropped;
        {
            const std::lock_guard lock(mutex_);
            cancel_.store(true);
            dropped.swap(queue_);
        }
        for (const WorkerRequest& request : dropped)
            send(workerMessage(WorkerMessage::Kind::cancelled, request.id));
    }

private:
    void loop() {
        for (;;) {
            WorkerRequest request;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return quitting_ || !queue_.empty(); });
                if (quitting_) return;
                request = std::move(queue_.front());
                queue_.pop_front();
                cancel_.store(false);
            }
            send(workerMessage(WorkerMessage::Kind::started, request.id));
            WorkerMessage message = workerMessage(WorkerMessage::Kind::result, request.id);
            message.measured_from = steadySeconds();
            std::optional<BenchmarkResult> result;
            try {
                request.point.inputs = inputs_.get(request.input_paths);
                result = runPoint(request.point, request.options, &cancel_);
            } catch (const std::exception& error) {
                result = BenchmarkResult{};
                result->point = request.point;
                result->point.inputs = nullptr;
                result->error = error.what();
            }
            message.measured_to = steadySeconds();
            if (!result) {
                send(workerMessage(WorkerMessage::Kind::cancelled, request.id));
                continue;
            }
            message.result = std::move(*result);
            if (memoryGuard_ > 0 && message.result.error.rfind("out of memory", 0) == 0) {
                message.result.error += ", above the measuring process's memory guard of " +
                                        formatBytes(static_cast<double>(memoryGuard_));
            }
            send(message);
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<WorkerRequest> queue_;
    bool quitting_ = false;
    CancelFlag cancel_{false};
    InputCache inputs_;
    const std::uint64_t memoryGuard_;  // bytes; 0 without a guard
    std::thread thread_;
};

}  // namespace

int workerCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The measuring process the window starts: JSON requests on stdin, one per line, and JSON messages on "
        "stdout (docs/formats.md, \"Worker protocol\"). Not meant to be typed."));
    const QCommandLineOption cpus(QStringLiteral("cpus"),
                                  QStringLiteral("Pin to these cores, e.g. 0,1 or 2-3."),
                                  QStringLiteral("list"));
    parser.addOption(cpus);
    const QCommandLineOption memory(
        QStringLiteral("memory-limit"),
        QStringLiteral(
            "Fail allocations beyond this many MiB (default: 80% of physical memory; 0: no guard)."),
        QStringLiteral("MiB"));
    parser.addOption(memory);
    parseOrThrow(parser, arguments, QStringLiteral("worker"));
    if (parser.isSet(cpus)) pinToCores(parser.value(cpus));
    const std::uint64_t physical = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                                   static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    const std::uint64_t budget =
        parser.isSet(memory) ? static_cast<std::uint64_t>(parseInteger(QStringLiteral("memory-limit"),
                                                                       parser.value(memory), 0, 1ll << 40))
                                   << 20
                             : physical / 5 * 4;

    send(workerMessage(WorkerMessage::Kind::ready, 0, ATTNSCOPE_VERSION));
    Measurer measurer(budget > 0 ? guardMemory(budget) : 0);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        WorkerRequest request;
        try {
            request = parseWorkerRequest(line);
        } catch (const WorkerProtocolError& error) {
            printErr(QStringLiteral("attnscope worker: %1\n").arg(QString::fromStdString(error.what())));
            continue;
        }
        if (request.kind == WorkerRequest::Kind::quit) break;
        if (request.kind == WorkerRequest::Kind::cancel) {
            measurer.cancel();
        } else {
            measurer.enqueue(std::move(request));
        }
    }
    measurer.cancel();
    return kSuccess;
}

}  // namespace attnscope::cli
