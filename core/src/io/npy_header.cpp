#include "io/npy_header.h"

#include <bit>
#include <optional>
#include <utility>

#include "io/npy_format.h"

namespace attnscope::npy_detail {
namespace {

constexpr std::string_view kAllowedDtypes = "allowed: float32 ('<f4') or float64 ('<f8'), little-endian";

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

}  // namespace

Header parseHeader(std::string_view header, const std::string& name) {
    return HeaderParser(header, name).parse();
}

}  // namespace attnscope::npy_detail
