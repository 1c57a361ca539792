#include "attnscope/measuring/system_info.h"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/version.h>
#include <unistd.h>

#include <Eigen/Core>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>

#include "attnscope/kernels/isa.h"

namespace attnscope {

int hardwareThreads() {
    static const int threads = [] {
        const int tbb_threads = oneapi::tbb::info::default_concurrency();
        return tbb_threads > 0 ? tbb_threads : std::max(1u, std::thread::hardware_concurrency());
    }();
    return threads;
}

std::uint64_t physicalMemoryBytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return 4ull << 30;  // a conservative guess when the OS won't say
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::string cpuModelName() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    }
    return "unknown CPU";
}

namespace {
std::uint64_t statusKilobytes(const char* key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(key) + ":";
    while (std::getline(status, line)) {
        if (line.rfind(prefix, 0) == 0) return std::stoull(line.substr(prefix.size())) * 1024;
    }
    return 0;
}
}  // namespace

std::uint64_t residentBytes() {
    return statusKilobytes("VmRSS");
}
std::uint64_t peakResidentBytes() {
    return statusKilobytes("VmHWM");
}

std::string compilerDescription() {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "GCC " __VERSION__;
#else
    return "unknown compiler";
#endif
}

std::string eigenVersion() {
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

#ifdef ATTNSCOPE_OPENBLAS
extern "C" {
char* openblas_get_config(void);
char* openblas_get_corename(void);
int openblas_get_parallel(void);
}
#endif

std::string blasDescription() {
#ifdef ATTNSCOPE_OPENBLAS
    // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"
    std::string config = openblas_get_config();
    const auto space = config.find(' ', config.find(' ') + 1);
    const std::string version = config.substr(0, space);
    return version + " (" + openblas_get_corename() + " kernels, " +
           (openblas_get_parallel() == 0 ? "serial" : "one thread per call") + ")";
#else
    return "Eigen";
#endif
}

std::string tbbVersion() {
    return TBB_runtime_version();
}

std::string simdInstructionSets() {
    return Eigen::SimdInstructionSetsInUse();
}

std::string kernelIsaDescription() {
    const Isa active = activeIsa();
    const Isa widest = widestSupportedIsa();
    std::string text = isaName(active);
    if (active != widest) text += std::string(" (forced; this CPU runs ") + isaName(widest) + ")";
    return text;
}

std::string localIsoTime() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
    return text;
}

}  // namespace attnscope
