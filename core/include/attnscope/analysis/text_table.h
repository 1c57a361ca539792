#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace attnscope {

// A plain-text table with aligned columns: text left, numbers right. For terminals and reports.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
    void addRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    std::string render() const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

// "%.3g"-like formatting that never switches to exponents in the range a table shows.
std::string formatMilliseconds(double milliseconds);
std::string formatRatio(double ratio);  // "16.1×"
std::string formatFixed(double value, int decimals);
// "(32, 2048, 64)"
std::string formatShape(std::initializer_list<std::int64_t> dimensions);

}  // namespace attnscope
