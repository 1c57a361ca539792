// Any text either loads as a preset or throws PresetError naming the problem; never a crash, a hang on a
// huge expansion, or another exception type.
#include <cstdint>
#include <string>

#include "attnscope/io/preset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const attnscope::Preset preset =
            attnscope::parsePreset(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
        for (const auto& point : preset.points) (void)point.name();
    } catch (const attnscope::PresetError&) {
    }
    return 0;
}
