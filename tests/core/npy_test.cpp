#include "attnscope/io/npy.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace attnscope {
namespace {

namespace fs = std::filesystem;

using TempDir = test::TempDir;

template <typename Float>
std::string littleEndianBytes(const std::vector<Float>& values) {
    using Bits = std::conditional_t<sizeof(Float) == 4, std::uint32_t, std::uint64_t>;
    std::string bytes;
    for (const Float value : values) {
        const auto bits = std::bit_cast<Bits>(value);
        for (std::size_t i = 0; i < sizeof(Float); ++i) {
            bytes += static_cast<char>((bits >> (8 * i)) & 0xff);
        }
    }
    return bytes;
}

// Builds a file the way a foreign writer might: any version, any header text, no alignment padding.
std::string buildNpy(int major, const std::string& header, const std::string& data) {
    std::string bytes("\x93NUMPY", 6);
    bytes += static_cast<char>(major);
    bytes += '\0';
    const std::size_t length_field_size = major == 1 ? 2 : 4;
    for (std::size_t i = 0; i < length_field_size; ++i) {
        bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
    }
    return bytes + header + data;
}

std::string floatHeader(const std::string& shape) {
    return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }\n";
}

std::string loadError(const std::string& bytes) {
    try {
        parseNpy(bytes, "q.npy");
    } catch (const NpyError& e) {
        return e.what();
    }
    return "(no error)";
}

void expectRejected(const std::string& bytes, const std::string& fragment) {
    const std::string message = loadError(bytes);
    EXPECT_NE(message.find("q.npy: "), std::string::npos) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << "missing '" << fragment << "' in: " << message;
}

std::int64_t product(const std::vector<std::int64_t>& shape) {
    std::int64_t count = 1;
    for (const std::int64_t dim : shape) {
        count *= dim;
    }
    return count;
}

const std::vector<std::vector<std::int64_t>> kShapes = {{}, {5}, {2, 3}, {2, 3, 4}};

// Bytes numpy 1.24 wrote for np.save(f, np.array([[0, 1.5, -2], [3.25, 1e6, -0.125]], '<f4')).
const std::string kNumpyFloat32 = std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                                  "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" +
                                  std::string(58, ' ') + "\n" +
                                  std::string(
                                      "\x00\x00\x00\x00\x00\x00\xc0\x3f\x00\x00\x00\xc0"
                                      "\x00\x00\x50\x40\x00\x24\x74\x49\x00\x00\x00\xbe",
                                      24);

// Bytes numpy 1.24 wrote for np.save(f, np.array([1/3, -1e300, 2.5, 0, 7], '<f8')).
const std::string kNumpyFloat64 = std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                                  "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }" +
                                  std::string(60, ' ') + "\n" +
                                  std::string(
                                      "\x55\x55\x55\x55\x55\x55\xd5\x3f\x9c\x75\x00\x88\x3c\xe4\x37\xfe"
                                      "\x00\x00\x00\x00\x00\x00\x04\x40\x00\x00\x00\x00\x00\x00\x00\x00"
                                      "\x00\x00\x00\x00\x00\x00\x1c\x40",
                                      40);

TEST(Npy, RoundTripFloat32) {
    const TempDir dir;
    for (const auto& shape : kShapes) {
        std::vector<float> values;
        for (std::int64_t i = 0; i < product(shape); ++i) {
            values.push_back(static_cast<float>(i) * 0.37f - 3.0f);
        }
        const fs::path path = dir.write("a.npy", serializeNpy(shape, values.data()));
        const NpyArray array = readNpy(path);
        EXPECT_EQ(array.shape, shape);
        EXPECT_EQ(array.values, values);
        EXPECT_EQ(array.stored_dtype, NpyDtype::float32);
        EXPECT_EQ(array.elementCount(), product(shape));
    }
}

TEST(Npy, RoundTripFloat64) {
    const TempDir dir;
    for (const auto& shape : kShapes) {
        std::vector<double> values;
        std::vector<float> expected;
        for (std::int64_t i = 0; i < product(shape); ++i) {
            values.push_back(static_cast<double>(i) / 3.0 - 1.0);
            expected.push_back(static_cast<float>(values.back()));
        }
        const fs::path path = dir.write("a.npy", serializeNpy(shape, values.data()));
        const NpyArray array = readNpy(path);
        EXPECT_EQ(array.shape, shape);
        EXPECT_EQ(array.values, expected);
        EXPECT_EQ(array.stored_dtype, NpyDtype::float64);
    }
}

TEST(Npy, FloatDataStoredAsFloat64) {
    const std::vector<float> values = {1.25f, -0.5f, 3.0f};
    const std::string bytes = serializeNpy({3}, values.data(), NpyDtype::float64);
    EXPECT_NE(bytes.find("'descr': '<f8'"), std::string::npos);
    const NpyArray array = parseNpy(bytes, "q.npy");
    EXPECT_EQ(array.stored_dtype, NpyDtype::float64);
    EXPECT_EQ(array.values, values);
}

TEST(Npy, SerializeMatchesNumpyBytes) {
    const std::vector<float> f32 = {0.0f, 1.5f, -2.0f, 3.25f, 1e6f, -0.125f};
    EXPECT_EQ(serializeNpy({2, 3}, f32.data()), kNumpyFloat32);
    const std::vector<double> f64 = {1.0 / 3.0, -1e300, 2.5, 0.0, 7.0};
    EXPECT_EQ(serializeNpy({5}, f64.data()), kNumpyFloat64);
}

TEST(Npy, SerializedHeaderIsAlignedAndEndsInNewline) {
    for (const auto& shape : kShapes) {
        const std::vector<float> values(static_cast<std::size_t>(product(shape)));
        const std::string bytes = serializeNpy(shape, values.data());
        const std::size_t data_start = bytes.size() - values.size() * sizeof(float);
        EXPECT_EQ(data_start % 64, 0u);
        EXPECT_EQ(bytes[data_start - 1], '\n');
        EXPECT_EQ(bytes.substr(6, 2), std::string("\x01\x00", 2));
    }
    const std::vector<float> scalar = {1.0f};
    EXPECT_NE(serializeNpy({}, scalar.data()).find("'shape': (), }"), std::string::npos);
}

TEST(Npy, ParsesNumpyWrittenFiles) {
    const NpyArray f32 = parseNpy(kNumpyFloat32, "f32.npy");
    EXPECT_EQ(f32.shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(f32.values, (std::vector<float>{0.0f, 1.5f, -2.0f, 3.25f, 1e6f, -0.125f}));

    const NpyArray f64 = parseNpy(kNumpyFloat64, "f64.npy");
    EXPECT_EQ(f64.shape, (std::vector<std::int64_t>{5}));
    ASSERT_EQ(f64.values.size(), 5u);
    EXPECT_EQ(f64.values[0], static_cast<float>(1.0 / 3.0));
    // Out-of-range doubles become infinities; rejecting them is the caller's job.
    EXPECT_TRUE(std::isinf(f64.values[1]) && f64.values[1] < 0);
    EXPECT_EQ(f64.values[4], 7.0f);
}

TEST(Npy, KeepsNanAndInfinity) {
    const std::vector<float> values = {std::numeric_limits<float>::quiet_NaN(),
                                       std::numeric_limits<float>::infinity()};
    const NpyArray array = parseNpy(serializeNpy({2}, values.data()), "q.npy");
    EXPECT_TRUE(std::isnan(array.values[0]));
    EXPECT_EQ(array.values[1], std::numeric_limits<float>::infinity());
}

TEST(Npy, LongHeaderUsesVersion2) {
    const std::vector<std::int64_t> shape(25000, 1);
    const float value = 4.5f;
    const std::string bytes = serializeNpy(shape, &value);
    EXPECT_EQ(bytes.substr(6, 2), std::string("\x02\x00", 2));
    EXPECT_EQ((bytes.size() - sizeof(float)) % 64, 0u);
    const NpyArray array = parseNpy(bytes, "q.npy");
    EXPECT_EQ(array.shape, shape);
    EXPECT_EQ(array.values, std::vector<float>{value});
}

TEST(Npy, ParsesHandBuiltVersion2And3Headers) {
    const std::string data = littleEndianBytes<float>({1, 2, 3, 4, 5, 6});
    for (const int major : {2, 3}) {
        const NpyArray array = parseNpy(buildNpy(major, floatHeader("(3, 2)"), data), "q.npy");
        EXPECT_EQ(array.shape, (std::vector<std::int64_t>{3, 2}));
        EXPECT_EQ(array.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
    }
}

TEST(Npy, ParsesKeysInAnyOrderWithDoubleQuotes) {
    const std::string header = "{ \"shape\" :(2,3 , ),\n\"fortran_order\":False , 'descr':\"<f8\"}  \n";
    const std::string data = littleEndianBytes<double>({1, 2, 3, 4, 5, 6});
    const NpyArray array = parseNpy(buildNpy(1, header, data), "q.npy");
    EXPECT_EQ(array.shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(array.stored_dtype, NpyDtype::float64);
    EXPECT_EQ(array.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(Npy, ParsesNativeByteOrderDescr) {
    if constexpr (std::endian::native != std::endian::little) {
        GTEST_SKIP() << "'=f4' means big-endian on this host";
    }
    const std::string header = "{'descr': '=f4', 'fortran_order': False, 'shape': (1,)}";
    EXPECT_EQ(parseNpy(buildNpy(1, header, littleEndianBytes<float>({2.5f})), "q.npy").values,
              std::vector<float>{2.5f});
}

TEST(Npy, ParsesEmptyArray) {
    const NpyArray array = parseNpy(buildNpy(1, floatHeader("(0, 1099511627776)"), ""), "q.npy");
    EXPECT_EQ(array.elementCount(), 0);
    EXPECT_TRUE(array.values.empty());
}

TEST(Npy, RejectsBadMagic) {
    expectRejected("", "not a .npy file");
    expectRejected("PK\x03\x04 this is a zip", "not a .npy file");
    expectRejected(std::string("\x93NUMPX\x01\x00", 8), "not a .npy file");
}

TEST(Npy, RejectsFileTooShortForPrefix) {
    expectRejected(std::string("\x93NUMPY\x01", 7), "truncated before the format version");
    expectRejected(std::string("\x93NUMPY\x02\x00\x10\x00", 10), "truncated inside the header length");
}

TEST(Npy, RejectsVersion4) {
    expectRejected(buildNpy(4, floatHeader("(1,)"), littleEndianBytes<float>({1})), "version 4.0");
    expectRejected(std::string("\x93NUMPY\x01\x01\x00\x00", 10), "version 1.1 (allowed: 1.0, 2.0, 3.0)");
}

TEST(Npy, RejectsFortranOrder) {
    const std::string header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
    expectRejected(buildNpy(1, header, littleEndianBytes<float>({1, 2, 3, 4})),
                   "q.npy: Fortran-order arrays are not supported (save with numpy.ascontiguousarray)");
}

TEST(Npy, RejectsBigEndian) {
    const std::string header = "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }";
    expectRejected(buildNpy(1, header, "\0\0\0\0"),
                   "unsupported dtype '>f4'; allowed: float32 ('<f4') or float64 ('<f8'), little-endian");
}

TEST(Npy, RejectsInt32) {
    const std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }";
    expectRejected(buildNpy(1, header, "\0\0\0\0"), "unsupported dtype '<i4'");
}

TEST(Npy, RejectsStructuredDtype) {
    const std::string header = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }";
    expectRejected(buildNpy(1, header, "\0\0\0\0"), "structured dtypes are not supported");
}

TEST(Npy, RejectsTruncatedData) {
    expectRejected(buildNpy(1, floatHeader("(2, 3)"), littleEndianBytes<float>({1, 2, 3, 4, 5})),
                   "truncated: expected 24 bytes of data, found 20");
}

TEST(Npy, RejectsExtraData) {
    expectRejected(buildNpy(1, floatHeader("(2,)"), littleEndianBytes<float>({1, 2, 3})),
                   "has 4 extra bytes after the data");
}

TEST(Npy, RejectsNegativeDimension) {
    expectRejected(buildNpy(1, floatHeader("(2, -3)"), ""), "negative dimension -3");
}

TEST(Npy, RejectsHugeShape) {
    expectRejected(buildNpy(1, floatHeader("(1048576, 1048577)"), ""), "more than 2^40 elements");
    expectRejected(buildNpy(1, floatHeader("(4294967296, 4294967296, 4294967296)"), ""),
                   "more than 2^40 elements");
    expectRejected(buildNpy(1, floatHeader("(99999999999999999999999999999,)"), ""),
                   "exceeds the limit of 2^40");
}

TEST(Npy, RejectsHeaderLengthBeyondFile) {
    std::string bytes = buildNpy(1, floatHeader("(1,)"), littleEndianBytes<float>({1}));
    bytes[8] = '\xff';
    bytes[9] = '\x7f';
    expectRejected(bytes, "header length 32767 exceeds the file");
}

TEST(Npy, RejectsGarbageHeader) {
    expectRejected(buildNpy(1, "\x01garbage\xff", ""),
                   "malformed header: expected '{' at offset 0, found \\x01");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }}", "\0\0\0\0"),
                   "expected only padding after '}'");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': False 'shape': (1,)}", ""),
                   "expected ',' or '}'");
    expectRejected(buildNpy(1, "{'descr': '<f4", ""), "unterminated string");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': Nope, 'shape': (1,)}", ""),
                   "True or False");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3)}", ""), "write (3,)");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,,)}", ""),
                   "expected a non-negative integer");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,)}", ""),
                   "expected ',' or ')'");
}

TEST(Npy, RejectsUnknownMissingAndDuplicateKeys) {
    expectRejected(buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", ""),
                   "unknown header key 'x'");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'shape': ()}", littleEndianBytes<float>({1})),
                   "no 'fortran_order' key");
    expectRejected(buildNpy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", ""),
                   "key 'descr' twice");
}

TEST(Npy, ReadNpyReportsUnopenableFile) {
    const TempDir dir;
    const fs::path missing = dir.path() / "missing.npy";
    try {
        readNpy(missing);
        FAIL() << "expected NpyError";
    } catch (const NpyError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(missing.string()), std::string::npos) << message;
        EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
    }
}

TEST(Npy, SerializeRejectsInvalidShapes) {
    const float value = 0.0f;
    EXPECT_THROW(serializeNpy({2, -1}, &value), std::invalid_argument);
    EXPECT_THROW(serializeNpy({1 << 30, 1 << 30, 2}, &value), std::invalid_argument);
    EXPECT_THROW(serializeNpy({3}, static_cast<const float*>(nullptr)), std::invalid_argument);
}

// A cheap stand-in for the fuzzer: every damaged file must fail with NpyError and nothing else.
TEST(Npy, DamagedFilesOnlyThrowNpyError) {
    const std::vector<float> values = {1, 2, 3, 4, 5, 6};
    const std::string valid = serializeNpy({2, 3}, values.data());
    for (std::size_t size = 0; size < valid.size(); ++size) {
        EXPECT_THROW(parseNpy(valid.substr(0, size), "q.npy"), NpyError) << "prefix of " << size << " bytes";
    }
    const std::size_t header_end = valid.size() - values.size() * sizeof(float);
    for (std::size_t at = 0; at < header_end; ++at) {
        for (const char replacement : {'\0', '\xff', '(', ')', '\'', '"', '-', '9', ',', '}', '{', ' '}) {
            std::string damaged = valid;
            damaged[at] = replacement;
            try {
                parseNpy(damaged, "q.npy");
            } catch (const NpyError&) {
            }
        }
    }
}

}  // namespace
}  // namespace attnscope
