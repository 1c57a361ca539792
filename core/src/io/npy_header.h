#pragma once
// The header of a .npy file: the Python dict literal between the length field and the data. Private to core/.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attnscope/io/npy.h"

namespace attnscope::npy_detail {

struct Header {
    NpyDtype dtype;
    std::vector<std::int64_t> shape;
};

// Parses `header` (the dict text with its padding) or throws NpyError naming `name`, what was expected,
// and where. Only what numpy writes for our dtypes is accepted: keys 'descr', 'fortran_order' (False) and
// 'shape'.
Header parseHeader(std::string_view header, const std::string& name);

}  // namespace attnscope::npy_detail
