#include "attnscope/config/user_inputs.h"

#include <cmath>
#include <fstream>

#include "attnscope/analysis/text_table.h"

namespace attnscope {

namespace {
std::string shapeText(const Tensor& t) {
    return formatShape({t.batch(), t.rows(), t.cols()});
}
}  // namespace

Tensor tensorFromNpy(const NpyArray& array, const std::string& name) {
    const auto& shape = array.shape;
    if (shape.size() != 2 && shape.size() != 3) {
        throw InputError(name + ": expected shape (n, d) or (batch, n, d), found " +
                         std::to_string(shape.size()) + " dimensions");
    }
    if (array.elementCount() == 0) throw InputError(name + ": the array is empty");
    const std::int64_t batch = shape.size() == 3 ? shape[0] : 1;
    Tensor tensor(batch, shape[shape.size() - 2], shape.back());
    std::int64_t bad = 0, first_bad = -1;
    for (std::int64_t i = 0; i < tensor.size(); ++i) {
        const float value = array.values[static_cast<std::size_t>(i)];
        if (!std::isfinite(value)) {
            if (first_bad < 0) first_bad = i;
            ++bad;
        }
        tensor.data()[i] = value;
    }
    if (bad > 0) {
        const std::int64_t plane = tensor.rows() * tensor.cols();
        throw InputError(name + ": " + std::to_string(bad) + " NaN or infinite value" + (bad > 1 ? "s" : "") +
                         ", the first at [" + std::to_string(first_bad / plane) + ", " +
                         std::to_string(first_bad % plane / tensor.cols()) + ", " +
                         std::to_string(first_bad % tensor.cols()) + "]; attention needs finite inputs");
    }
    return tensor;
}

QkvFolder qkvFolder(const std::filesystem::path& directory) {
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error)) {
        throw InputError(directory.string() + ": not a folder (expected one holding q.npy, k.npy and v.npy)");
    }
    QkvFolder folder;
    for (auto [name, path] : {std::pair{"q.npy", &folder.q}, {"k.npy", &folder.k}, {"v.npy", &folder.v}}) {
        *path = directory / name;
        if (!std::filesystem::is_regular_file(*path, error)) {
            throw InputError((directory / name).string() +
                             ": missing (a Q/K/V folder holds q.npy, k.npy and "
                             "v.npy, as tools/capture_qkv.py writes them)");
        }
    }
    if (std::filesystem::is_regular_file(directory / "tokens.txt", error))
        folder.tokens = directory / "tokens.txt";
    const std::filesystem::path heads = directory / "heads.txt";
    if (std::filesystem::is_regular_file(heads, error)) {
        std::ifstream file(heads);
        std::string word, extra;
        long long count = 0;
        std::size_t used = 0;
        bool number = false;
        if (file >> word && !(file >> extra)) {
            try {
                count = std::stoll(word, &used);
                number = used == word.size() && count > 0;
            } catch (const std::exception&) {  // not a number, or out of range
            }
        }
        if (!number) {
            throw InputError(heads.string() + ": expected the head count, one whole number from 1 (found \"" +
                             word.substr(0, 20) + "\")");
        }
        folder.heads = count;
    }
    return folder;
}

std::vector<std::string> readTokens(const std::filesystem::path& path, std::int64_t positions) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path.string() + ": cannot be read");
    std::vector<std::string> tokens;
    for (std::string line; std::getline(file, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        tokens.push_back(std::move(line));
    }
    if (file.bad()) throw InputError(path.string() + ": cannot be read");
    if (positions > 0 && static_cast<std::int64_t>(tokens.size()) != positions) {
        throw InputError(path.string() + ": " + std::to_string(tokens.size()) + " tokens (one a line) for " +
                         std::to_string(positions) + " positions; give one token per position");
    }
    return tokens;
}

std::optional<ValidationError> applyUserInputs(const UserInputs& inputs, Method method,
                                               AttentionConfig& config) {
    const bool layer = isLayerMethod(method);
    const Tensor* first = nullptr;
    const char* first_name = nullptr;
    const std::pair<const char*, const Tensor*> given[] = {
        {"q", &inputs.q}, {"k", &inputs.k}, {"v", &inputs.v}, {"x", &inputs.x}};
    for (const auto& [name, tensor] : given) {
        if (tensor->empty()) continue;
        const bool is_x = std::string(name) == "x";
        if (is_x != layer) {
            return ValidationError{name, std::string(methodName(method)) +
                                             (layer ? " takes its input as --x (X), not --"
                                                    : " takes --q, --k and --v, not --") +
                                             name};
        }
        if (!first) {
            first = tensor;
            first_name = name;
        } else if (tensor->batch() != first->batch() || tensor->rows() != first->rows() ||
                   tensor->cols() != first->cols()) {
            return ValidationError{name, std::string(name) + " has shape " + shapeText(*tensor) + " but " +
                                             first_name + " has " + shapeText(*first) +
                                             ": all inputs need the same shape"};
        }
    }
    if (!first) return std::nullopt;
    if (!layer && (inputs.q.empty() || inputs.k.empty() || inputs.v.empty())) {
        return ValidationError{"q", "give all three of --q, --k and --v, or none"};
    }
    config.batch = first->batch();
    config.n = first->rows();
    config.d = first->cols();
    return std::nullopt;
}

}  // namespace attnscope
