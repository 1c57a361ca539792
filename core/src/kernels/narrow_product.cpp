#include "attnscope/kernels/narrow_product.h"

#include <algorithm>

#include "attnscope/kernels/isa.h"
#include "attnscope/kernels/kernel_tuning.h"
#include "attnscope/kernels/tensor.h"
#include "attnscope/measuring/machine_topology.h"
#include "kernels/narrow_product_driver.h"

namespace attnscope {

namespace {

// Without AVX2 the product goes to Eigen (and through it to OpenBLAS, which picks its own kernels).
void narrowProductGeneric(const NarrowProductArgs& p) {
    using Strided =
        Eigen::Map<const MatrixRM, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic> >;
    const Strided a(p.a, p.rows, p.depth,
                    Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(p.a_row_stride, p.a_col_stride));
    const ConstStridedMap b(p.b, p.depth, p.cols, Eigen::OuterStride<>(p.ldb));
    StridedMap c(p.c, p.rows, p.cols, Eigen::OuterStride<>(p.ldc));
    if (p.accumulate) {
        c.noalias() += a * b;
    } else {
        c.noalias() = a * b;
    }
}

}  // namespace

std::int64_t dataCacheBytes(int level) {
    const CacheLevel* cache = machineTopology().dataCache(level);
    return cache != nullptr ? static_cast<std::int64_t>(cache->bytes) : 0;
}

void narrowProduct(const NarrowProductArgs& p) {
    if (p.rows <= 0 || p.cols <= 0) return;
    if (p.depth <= 0) {
        if (!p.accumulate) {
            for (std::int64_t i = 0; i < p.rows; ++i) std::fill_n(p.c + i * p.ldc, p.cols, 0.0f);
        }
        return;
    }
    switch (activeIsa()) {
        case Isa::avx512:
            narrowProductAvx512(p);
            return;
        case Isa::avx2:
            narrowProductAvx2(p);
            return;
        case Isa::generic:
            narrowProductGeneric(p);
            return;
    }
}

void narrowProductTransposedB(const NarrowProductArgs& p, float* panel) {
    for (std::int64_t first = 0; first < p.cols; first += kNarrowProductMaxWidth) {
        const std::int64_t width = std::min(kNarrowProductMaxWidth, p.cols - first);
        const float* keys = p.b + first * p.ldb;
        if (activeIsa() == Isa::avx512) {
            packTransposedAvx512(keys, p.ldb, p.depth, width, panel);
        } else {
            packTransposedScalar(keys, p.ldb, 0, p.depth, 0, width, width, panel);
        }
        NarrowProductArgs block = p;
        block.cols = width;
        block.b = panel;
        block.ldb = width;
        block.c = p.c + first;
        narrowProduct(block);
    }
}

}  // namespace attnscope
