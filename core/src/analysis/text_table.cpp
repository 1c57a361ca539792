#include "attnscope/analysis/text_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attnscope {

namespace {

// Display width in terminal columns: UTF-8 continuation bytes take no column of their own.
std::size_t displayWidth(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool looksNumeric(const std::string& text) {
    return !text.empty() &&
           (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-' || text[0] == '+');
}

}  // namespace

std::string TextTable::render() const {
    std::vector<std::size_t> widths(header_.size(), 0);
    for (std::size_t c = 0; c < header_.size(); ++c) widths[c] = displayWidth(header_[c]);
    for (const auto& row : rows_) {
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], displayWidth(row[c]));
        }
    }
    std::string out;
    auto line = [&](const std::vector<std::string>& cells, bool is_header) {
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const std::string cell = c < cells.size() ? cells[c] : "";
            const std::string pad(widths[c] - displayWidth(cell), ' ');
            const bool right = !is_header && c > 0 && looksNumeric(cell);
            out += right ? pad + cell : cell + pad;
            if (c + 1 < widths.size()) out += "  ";
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out += '\n';
    };
    line(header_, true);
    std::string rule;
    for (std::size_t c = 0; c < widths.size(); ++c)
        rule += std::string(widths[c], '-') + (c + 1 < widths.size() ? "  " : "");
    out += rule + '\n';
    for (const auto& row : rows_) line(row, false);
    return out;
}

std::string formatFixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string formatShape(std::initializer_list<std::int64_t> dimensions) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "(" + std::string&&.
    std::string text = "(";
    for (std::int64_t dimension : dimensions) {
        if (text.size() > 1) text += ", ";
        text += std::to_string(dimension);
    }
    return text + ")";
}

std::string formatMilliseconds(double ms) {
    if (!std::isfinite(ms) || ms <= 0) return "-";
    return formatFixed(ms, ms >= 100 ? 1 : ms >= 10 ? 2 : ms >= 1 ? 3 : 4);
}

std::string formatRatio(double ratio) {
    if (!std::isfinite(ratio) || ratio <= 0) return "-";
    return formatFixed(ratio, ratio >= 10 ? 1 : 2) + "×";
}

}  // namespace attnscope
