// Any byte string either parses as .npy or throws NpyError; and whatever parses serialises and re-parses
// to the same array.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "attnscope/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    attnscope::NpyArray array;
    try {
        array = attnscope::parseNpy(bytes, "fuzz.npy");
    } catch (const attnscope::NpyError&) {
        return 0;
    }
    const auto again =
        attnscope::parseNpy(attnscope::serializeNpy(array.shape, array.values.data()), "again.npy");
    if (again.shape != array.shape || again.values.size() != array.values.size() ||
        (!array.values.empty() &&
         std::memcmp(again.values.data(), array.values.data(), array.values.size() * sizeof(float)) != 0)) {
        std::abort();
    }
    return 0;
}
