// Any text either reads as a run to reopen or throws ResultsFileError naming the file and the problem; never
// a crash or another exception type. Users hand the window results and session files from anywhere.
#include <cstdint>
#include <string>

#include "attnscope/io/run_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const attnscope::RunFile run = attnscope::readRunFile(text, "fuzz.json");
        for (const attnscope::BenchmarkResult& result : run.results) {
            (void)result.gflops();
            (void)result.point.name();
        }
    } catch (const attnscope::ResultsFileError&) {
    }
    return 0;
}
