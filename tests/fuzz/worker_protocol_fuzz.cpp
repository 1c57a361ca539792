// Any line either reads as a worker request or message, or throws WorkerProtocolError naming the problem;
// never a crash or another exception type. Both sides of the protocol read what the other process wrote, and
// a worker that misbehaves must only cost its point.
#include <cstdint>
#include <string>

#include "attnscope/io/worker_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    try {
        const attnscope::WorkerRequest request = attnscope::parseWorkerRequest(line);
        (void)attnscope::encodeWorkerRequest(request);
    } catch (const attnscope::WorkerProtocolError&) {
    }
    try {
        const attnscope::WorkerMessage message = attnscope::parseWorkerMessage(line);
        (void)attnscope::encodeWorkerMessage(message);
        (void)message.result.gflops();
    } catch (const attnscope::WorkerProtocolError&) {
    }
    return 0;
}
