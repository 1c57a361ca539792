// The .npy file layout around the header (magic string, version, header length, data), reading and writing;
// npy_header.cpp parses the header dict.
#include "attnscope/io/npy.h"

#include <bit>
#include <cerrno>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <system_error>

#include "io/npy_format.h"
#include "io/npy_header.h"

namespace attnscope {
namespace {

using npy_detail::BitsOf;
using npy_detail::boundedElementCount;
using npy_detail::fail;
using npy_detail::kMagic;
using npy_detail::kMaxElements;
using npy_detail::kVersionEnd;
using npy_detail::loadLittle;
using npy_detail::storeLittle;

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{16} << 30;
constexpr std::size_t kHeaderAlign = 64;
// numpy >= 1.23 leaves room after the dict so the first axis can grow in place; we copy it so that our
// files are byte-identical to numpy.save output.
constexpr std::size_t kGrowthAxisMaxDigits = 21;

template <typename Stored>
void decodeValues(std::string_view data, std::vector<float>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto bits = loadLittle<BitsOf<Stored>>(data.data() + i * sizeof(Stored));
        values[i] = static_cast<float>(std::bit_cast<Stored>(bits));
    }
}

NpyArray parseUnchecked(std::string_view bytes, const std::string& name) {
    if (bytes.substr(0, kMagic.size()) != kMagic) {
        fail(name, "not a .npy file (it does not start with the \\x93NUMPY magic string)");
    }
    if (bytes.size() < kVersionEnd) {
        fail(name, "truncated before the format version");
    }
    const auto major = static_cast<unsigned char>(bytes[kMagic.size()]);
    const auto minor = static_cast<unsigned char>(bytes[kMagic.size() + 1]);
    std::size_t length_field_size = 0;
    if (major == 1 && minor == 0) {
        length_field_size = 2;
    } else if ((major == 2 || major == 3) && minor == 0) {
        length_field_size = 4;
    } else {
        fail(name, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                       " (allowed: 1.0, 2.0, 3.0)");
    }
    const std::size_t header_start = kVersionEnd + length_field_size;
    if (bytes.size() < header_start) {
        fail(name, "truncated inside the header length field");
    }
    const std::size_t header_length = length_field_size == 2
                                          ? loadLittle<std::uint16_t>(bytes.data() + kVersionEnd)
                                          : loadLittle<std::uint32_t>(bytes.data() + kVersionEnd);
    const std::size_t available = bytes.size() - header_start;
    if (header_length > available) {
        fail(name, "header length " + std::to_string(header_length) + " exceeds the file (only " +
                       std::to_string(available) + " bytes follow the length field)");
    }

    // Version 3.0 headers are UTF-8 rather than latin-1, which only matters inside strings we then refuse.
    npy_detail::Header header = npy_detail::parseHeader(bytes.substr(header_start, header_length), name);
    const std::optional<std::int64_t> count = boundedElementCount(header.shape);
    if (!count) {
        fail(name, "shape has more than 2^40 elements");
    }
    const std::size_t item_size = header.dtype == NpyDtype::float32 ? 4 : 8;
    const std::uint64_t expected = static_cast<std::uint64_t>(*count) * item_size;
    const std::string_view data = bytes.substr(header_start + header_length);
    if (data.size() < expected) {
        fail(name, "truncated: expected " + std::to_string(expected) + " bytes of data, found " +
                       std::to_string(data.size()));
    }
    if (data.size() > expected) {
        fail(name, "has " + std::to_string(data.size() - expected) +
                       " extra bytes after the data (expected " + std::to_string(expected) + ")");
    }

    NpyArray array;
    array.shape = std::move(header.shape);
    array.stored_dtype = header.dtype;
    array.values.resize(static_cast<std::size_t>(*count));
    if (header.dtype == NpyDtype::float32) {
        decodeValues<float>(data, array.values);
    } else {
        decodeValues<double>(data, array.values);
    }
    return array;
}

std::string readWholeFile(const std::filesystem::path& path, const std::string& name) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail(name, "cannot open: " + (errno != 0 ? std::generic_category().message(errno) : "unknown error"));
    }
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error) {
        fail(name, "cannot determine the file size: " + error.message());
    }
    if (size > kMaxFileBytes) {
        fail(name, "file is " + std::to_string(size) + " bytes; files larger than 16 GiB are refused");
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
        fail(name, "read only " + std::to_string(in.gcount()) + " of " + std::to_string(size) + " bytes");
    }
    return bytes;
}

std::string shapeRepr(const std::vector<std::int64_t>& shape) {
    std::string repr = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        repr += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
    }
    return repr + (shape.size() == 1 ? ",)" : ")");
}

// Everything before the data, laid out exactly as numpy.lib.format._wrap_header does.
std::string npyPrefix(const std::vector<std::int64_t>& shape, std::string_view descr) {
    std::string dict = "{'descr': '" + std::string(descr) +
                       "', 'fortran_order': False, 'shape': " + shapeRepr(shape) + ", }";
    if (!shape.empty()) {
        dict.append(kGrowthAxisMaxDigits - std::to_string(shape.front()).size(), ' ');
    }
    const std::size_t with_newline = dict.size() + 1;
    // numpy always pads, by a full 64 bytes when already aligned.
    const auto padded_length = [&](std::size_t length_field_size) {
        return with_newline + kHeaderAlign - (kVersionEnd + length_field_size + with_newline) % kHeaderAlign;
    };
    const bool fits_version1 = padded_length(2) <= std::numeric_limits<std::uint16_t>::max();
    const std::size_t header_length = padded_length(fits_version1 ? 2 : 4);
    if (header_length > std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument("serializeNpy: shape has too many dimensions for a .npy header");
    }
    std::string prefix(kMagic);
    prefix += fits_version1 ? '\x01' : '\x02';
    prefix += '\x00';
    const std::size_t length_at = prefix.size();
    prefix.resize(length_at + (fits_version1 ? 2 : 4));
    if (fits_version1) {
        storeLittle(prefix.data() + length_at, static_cast<std::uint16_t>(header_length));
    } else {
        storeLittle(prefix.data() + length_at, static_cast<std::uint32_t>(header_length));
    }
    prefix += dict;
    prefix.append(header_length - with_newline, ' ');
    return prefix + '\n';
}

std::size_t checkedElementCount(const std::vector<std::int64_t>& shape, bool have_data) {
    for (const std::int64_t dim : shape) {
        if (dim < 0 || dim > kMaxElements) {
            throw std::invalid_argument("serializeNpy: dimension " + std::to_string(dim) + " in shape " +
                                        shapeRepr(shape) + " is negative or exceeds 2^40");
        }
    }
    const std::optional<std::int64_t> count = boundedElementCount(shape);
    if (!count) {
        throw std::invalid_argument("serializeNpy: shape " + shapeRepr(shape) +
                                    " has more than 2^40 elements");
    }
    if (*count > 0 && !have_data) {
        throw std::invalid_argument("serializeNpy: data is null for shape " + shapeRepr(shape));
    }
    return static_cast<std::size_t>(*count);
}

template <typename Stored, typename Source>
std::string serializeAs(const std::vector<std::int64_t>& shape, const Source* data, std::string_view descr) {
    const std::size_t count = checkedElementCount(shape, data != nullptr);
    std::string bytes = npyPrefix(shape, descr);
    const std::size_t data_at = bytes.size();
    bytes.resize(data_at + count * sizeof(Stored));
    for (std::size_t i = 0; i < count; ++i) {
        const auto bits = std::bit_cast<BitsOf<Stored>>(static_cast<Stored>(data[i]));
        storeLittle(bytes.data() + data_at + i * sizeof(Stored), bits);
    }
    return bytes;
}

}  // namespace

std::int64_t NpyArray::elementCount() const {
    return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

NpyArray parseNpy(const std::string& bytes, const std::string& name_for_messages) {
    try {
        return parseUnchecked(bytes, name_for_messages);
    } catch (const NpyError&) {
        throw;
    } catch (const std::exception& e) {
        // Only allocation failures (bad_alloc, length_error) can get here; callers rely on a single type.
        throw NpyError(name_for_messages + ": cannot load the array: " + e.what());
    }
}

NpyArray readNpy(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::string bytes;
    try {
        bytes = readWholeFile(path, name);
    } catch (const NpyError&) {
        throw;
    } catch (const std::exception& e) {
        throw NpyError(name + ": cannot read the file: " + e.what());
    }
    return parseNpy(bytes, name);
}

std::string serializeNpy(const std::vector<std::int64_t>& shape, const float* data, NpyDtype dtype) {
    return dtype == NpyDtype::float32 ? serializeAs<float>(shape, data, "<f4")
                                      : serializeAs<double>(shape, data, "<f8");
}

std::string serializeNpy(const std::vector<std::int64_t>& shape, const double* data) {
    return serializeAs<double>(shape, data, "<f8");
}

}  // namespace attnscope
