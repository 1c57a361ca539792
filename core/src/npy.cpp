#include "attnscope/npy.h"

#include <bit>
#include <cerrno>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace attnscope {
namespace {

// Narrowing float64 data relies on IEEE rounding (out-of-range values become +-inf, which the caller
// rejects), and bit_cast relies on the in-memory layout matching the IEEE bytes in the file.
static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559);

constexpr std::string_view kMagic{"\x93NUMPY", 6};
constexpr std::size_t kVersionEnd = kMagic.size() + 2;
constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{16} << 30;
constexpr std::size_t kHeaderAlign = 64;
// numpy >= 1.23 leaves room after the dict so the first axis can grow in place; we copy it so that our
// files are byte-identical to numpy.save output.
constexpr std::size_t kGrowthAxisMaxDigits = 21;
constexpr std::string_view kAllowedDtypes = "allowed: float32 ('<f4') or float64 ('<f8'), little-endian";

template <typename Float>
using BitsOf = std::conditional_t<sizeof(Float) == 4, std::uint32_t, std::uint64_t>;

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
    throw NpyError(name + ": " + problem);
}

// Header text is untrusted: show control bytes escaped and cut long garbage short.
std::string printable(std::string_view text) {
    constexpr std::size_t kMaxShown = 40;
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    if (text.size() > kMaxShown) {
        out += "...";
    }
    return out;
}

// Byte-wise (de)serialisation keeps the file format little-endian whatever the host is.
template <typename UInt>
UInt loadLittle(const char* p) {
    UInt value = 0;
    for (std::size_t i = 0; i < sizeof(UInt); ++i) {
        value |= static_cast<UInt>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    return value;
}

template <typename UInt>
void storeLittle(char* p, UInt value) {
    for (std::size_t i = 0; i < sizeof(UInt); ++i) {
        p[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    }
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isIdentifierChar(char c) {
    return isDigit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum class TokenKind {
    open_brace,
    close_brace,
    open_paren,
    close_paren,
    colon,
    comma,
    string,
    integer,
    identifier,
    other,
    end
};

struct Token {
    TokenKind kind;
    std::string_view text;  // for strings: the contents without quotes
    std::size_t offset;
};

// Tokenises the Python dict literal of the header. Unknown characters become `other` tokens so the parser
// can say what it expected instead of the lexer guessing.
class HeaderLexer {
public:
    HeaderLexer(std::string_view header, const std::string& name) : header_(header), name_(name) {}

    Token next() {
        while (pos_ < header_.size() && isSpace(header_[pos_])) {
            ++pos_;
        }
        const std::size_t start = pos_;
        if (start == header_.size()) {
            return {TokenKind::end, {}, start};
        }
        const char c = header_[start];
        if (c == '\'' || c == '"') {
            const std::size_t close = header_.find(c, start + 1);
            if (close == std::string_view::npos) {
                fail(name_, "malformed header: unterminated string at offset " + std::to_string(start));
            }
            pos_ = close + 1;
            return {TokenKind::string, header_.substr(start + 1, close - start - 1), start};
        }
        if (isDigit(c) || (c == '-' && start + 1 < header_.size() && isDigit(header_[start + 1]))) {
            pos_ = start + 1;
            while (pos_ < header_.size() && isDigit(header_[pos_])) {
                ++pos_;
            }
            return {TokenKind::integer, header_.substr(start, pos_ - start), start};
        }
        if (isIdentifierChar(c)) {
            while (pos_ < header_.size() && isIdentifierChar(header_[pos_])) {
                ++pos_;
            }
            return {TokenKind::identifier, header_.substr(start, pos_ - start), start};
        }
        pos_ = start + 1;
        return {punctuationKind(c), header_.substr(start, 1), start};
    }

private:
    static TokenKind punctuationKind(char c) {
        switch (c) {
            case '{':
                return TokenKind::open_brace;
            case '}':
                return TokenKind::close_brace;
            case '(':
                return TokenKind::open_paren;
            case ')':
                return TokenKind::close_paren;
            case ':':
                return TokenKind::colon;
            case ',':
                return TokenKind::comma;
            default:
                return TokenKind::other;
        }
    }

    std::string_view header_;
    const std::string& name_;
    std::size_t pos_ = 0;
};

struct Header {
    NpyDtype dtype;
    std::vector<std::int64_t> shape;
};

// Recursive descent would be overkill: the only nesting numpy allows for our dtypes is the shape tuple.
class HeaderParser {
public:
    HeaderParser(std::string_view header, const std::string& name) : lexer_(header, name), name_(name) {}

    Header parse() {
        expect(TokenKind::open_brace, "'{'");
        std::optional<NpyDtype> dtype;
        std::optional<std::vector<std::int64_t>> shape;
        bool have_fortran_order = false;
        Token token = lexer_.next();
        while (token.kind != TokenKind::close_brace) {
            if (token.kind != TokenKind::string) {
                malformed(token, "a quoted key or '}'");
            }
            const std::string_view key = token.text;
            expect(TokenKind::colon, "':'");
            if (key == "descr") {
                rejectDuplicate(dtype.has_value(), key);
                dtype = parseDescr();
            } else if (key == "fortran_order") {
                rejectDuplicate(have_fortran_order, key);
                parseFortranOrder();
                have_fortran_order = true;
            } else if (key == "shape") {
                rejectDuplicate(shape.has_value(), key);
                shape = parseShape();
            } else {
                fail(name_, "unknown header key '" + printable(key) +
                                "' (allowed: 'descr', 'fortran_order', 'shape')");
            }
            token = lexer_.next();
            if (token.kind == TokenKind::comma) {
                token = lexer_.next();
            } else if (token.kind != TokenKind::close_brace) {
                malformed(token, "',' or '}'");
            }
        }
        expect(TokenKind::end, "only padding after '}'");
        for (const auto& [present, key] :
             {std::pair{dtype.has_value(), "descr"}, std::pair{have_fortran_order, "fortran_order"},
              std::pair{shape.has_value(), "shape"}}) {
            if (!present) {
                fail(name_, std::string("header has no '") + key + "' key");
            }
        }
        return {*dtype, std::move(*shape)};
    }

private:
    Token expect(TokenKind kind, std::string_view what) {
        const Token token = lexer_.next();
        if (token.kind != kind) {
            malformed(token, what);
        }
        return token;
    }

    [[noreturn]] void malformed(const Token& found, std::string_view expected) {
        const std::string shown = found.kind == TokenKind::end      ? "end of header"
                                  : found.kind == TokenKind::string ? "'" + printable(found.text) + "'"
                                                                    : printable(found.text);
        fail(name_, "malformed header: expected " + std::string(expected) + " at offset " +
                        std::to_string(found.offset) + ", found " + shown);
    }

    void rejectDuplicate(bool seen, std::string_view key) {
        if (seen) {
            fail(name_, "header has key '" + std::string(key) + "' twice");
        }
    }

    NpyDtype parseDescr() {
        const Token token =
            expect(TokenKind::string, "a dtype string such as '<f4' (structured dtypes are not supported)");
        constexpr bool kHostIsLittle = std::endian::native == std::endian::little;
        if (token.text == "<f4" || (kHostIsLittle && token.text == "=f4")) {
            return NpyDtype::float32;
        }
        if (token.text == "<f8" || (kHostIsLittle && token.text == "=f8")) {
            return NpyDtype::float64;
        }
        fail(name_, "unsupported dtype '" + printable(token.text) + "'; " + std::string(kAllowedDtypes));
    }

    void parseFortranOrder() {
        const Token token = expect(TokenKind::identifier, "True or False for 'fortran_order'");
        if (token.text == "True") {
            fail(name_, "Fortran-order arrays are not supported (save with numpy.ascontiguousarray)");
        }
        if (token.text != "False") {
            malformed(token, "True or False for 'fortran_order'");
        }
    }

    std::vector<std::int64_t> parseShape() {
        expect(TokenKind::open_paren, "'(' starting the 'shape' tuple");
        std::vector<std::int64_t> shape;
        Token token = lexer_.next();
        while (token.kind != TokenKind::close_paren) {
            shape.push_back(parseDimension(token));
            token = lexer_.next();
            if (token.kind == TokenKind::close_paren && shape.size() == 1) {
                // "(5)" is the integer 5 in Python, and numpy refuses it as a shape.
                fail(name_, "shape (" + std::to_string(shape[0]) + ") is not a tuple; write (" +
                                std::to_string(shape[0]) + ",)");
            }
            if (token.kind == TokenKind::comma) {
                token = lexer_.next();
            } else if (token.kind != TokenKind::close_paren) {
                malformed(token, "',' or ')' in 'shape'");
            }
        }
        return shape;
    }

    std::int64_t parseDimension(const Token& token) {
        if (token.kind != TokenKind::integer) {
            malformed(token, "a non-negative integer in 'shape'");
        }
        if (token.text.front() == '-') {
            fail(name_, "shape has negative dimension " + printable(token.text) +
                            "; dimensions must be non-negative integers");
        }
        std::int64_t value = 0;
        for (const char digit : token.text) {
            value = value * 10 + (digit - '0');
            if (value > kMaxElements) {
                fail(name_,
                     "shape dimension " + printable(token.text) + " exceeds the limit of 2^40 elements");
            }
        }
        return value;
    }

    HeaderLexer lexer_;
    const std::string& name_;
};

// Returns nullopt once the product exceeds kMaxElements; dims must already be in [0, kMaxElements].
std::optional<std::int64_t> boundedElementCount(const std::vector<std::int64_t>& shape) {
    std::int64_t count = 1;
    for (const std::int64_t dim : shape) {
        if (dim != 0 && count > kMaxElements / dim) {
            return std::nullopt;
        }
        count *= dim;
    }
    return count;
}

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
    Header header = HeaderParser(bytes.substr(header_start, header_length), name).parse();
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
