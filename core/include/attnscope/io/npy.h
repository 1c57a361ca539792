#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace attnscope {

enum class NpyDtype { float32, float64 };

struct NpyArray {
    std::vector<std::int64_t> shape;            // C order
    std::vector<float> values;                  // always converted to float32 on read
    NpyDtype stored_dtype = NpyDtype::float32;  // dtype found in the file
    std::int64_t elementCount() const;
};

// Thrown for every bad file; what() names the file and the problem and, where it applies, what is allowed,
// e.g. "q.npy: Fortran-order arrays are not supported (save with numpy.ascontiguousarray)".
class NpyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Core parser, also the fuzzing entry point: any input either parses or throws NpyError.
NpyArray parseNpy(const std::string& bytes, const std::string& name_for_messages);

// Reads the whole file, then parseNpy. Files larger than 16 GiB are refused before reading.
NpyArray readNpy(const std::filesystem::path& path);

// Serialises to .npy v1.0 (v2.0 if the header would exceed 65535 bytes), little-endian '<f4' or '<f8',
// C order, byte-for-byte as numpy.save writes it. Throws std::invalid_argument for a negative or
// oversized shape, or null data with a non-empty shape.
std::string serializeNpy(const std::vector<std::int64_t>& shape, const float* data,
                         NpyDtype dtype = NpyDtype::float32);
std::string serializeNpy(const std::vector<std::int64_t>& shape, const double* data);  // '<f8'

}  // namespace attnscope
