#include "attnscope/kernels/reference.h"

#include <cmath>

namespace attnscope {

namespace {

// A plain row-major double matrix; deliberately not Eigen, so the reference cannot share a bug with it.
struct Dense {
    std::int64_t rows = 0, cols = 0;
    std::vector<double> values;

    Dense(std::int64_t r, std::int64_t c) : rows(r), cols(c), values(static_cast<std::size_t>(r * c), 0.0) {}
    double& operator()(std::int64_t i, std::int64_t j) {
        return values[static_cast<std::size_t>(i * cols + j)];
    }
    double operator()(std::int64_t i, std::int64_t j) const {
        return values[static_cast<std::size_t>(i * cols + j)];
    }
};

Dense multiply(const Dense& a, const Dense& b) {
    Dense c(a.rows, b.cols);
    for (std::int64_t i = 0; i < a.rows; ++i)
        for (std::int64_t k = 0; k < a.cols; ++k)
            for (std::int64_t j = 0; j < b.cols; ++j) c(i, j) += a(i, k) * b(k, j);
    return c;
}

Dense transpose(const Dense& a) {
    Dense t(a.cols, a.rows);
    for (std::int64_t i = 0; i < a.rows; ++i)
        for (std::int64_t j = 0; j < a.cols; ++j) t(j, i) = a(i, j);
    return t;
}

Dense columns(const Dense& a, std::int64_t first, std::int64_t count) {
    Dense s(a.rows, count);
    for (std::int64_t i = 0; i < a.rows; ++i)
        for (std::int64_t j = 0; j < count; ++j) s(i, j) = a(i, first + j);
    return s;
}

Dense fromTensor(const Tensor& t, std::int64_t b) {
    Dense m(t.rows(), t.cols());
    const float* data = t.data() + b * t.rows() * t.cols();
    for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = data[i];
    return m;
}

Dense fromMatrix(const MatrixRM& w) {
    Dense m(w.rows(), w.cols());
    for (std::int64_t i = 0; i < m.rows; ++i)
        for (std::int64_t j = 0; j < m.cols; ++j) m(i, j) = w(i, j);
    return m;
}

void softmaxRows(Dense& s, double scale) {
    for (std::int64_t i = 0; i < s.rows; ++i) {
        double row_max = -INFINITY;
        for (std::int64_t j = 0; j < s.cols; ++j) row_max = std::max(row_max, s(i, j) * scale);
        double sum = 0;
        for (std::int64_t j = 0; j < s.cols; ++j) sum += s(i, j) = std::exp(s(i, j) * scale - row_max);
        for (std::int64_t j = 0; j < s.cols; ++j) s(i, j) /= sum;
    }
}

void normaliseRows(Dense& s) {
    for (std::int64_t i = 0; i < s.rows; ++i) {
        double sum = 0;
        for (std::int64_t j = 0; j < s.cols; ++j) sum += s(i, j);
        for (std::int64_t j = 0; j < s.cols; ++j) s(i, j) /= sum;
    }
}

// φ(x) = exp(W x' − ‖x'‖²/2) / sqrt(m), x' = x · dh^-1/4, without stabilisers (double has the range).
Dense favorFeatures(const Dense& x, const Dense& w) {
    const double input_scale = std::pow(static_cast<double>(x.cols), -0.25);
    Dense phi(x.rows, w.rows);
    for (std::int64_t i = 0; i < x.rows; ++i) {
        double half_norm = 0;
        for (std::int64_t k = 0; k < x.cols; ++k) half_norm += 0.5 * std::pow(x(i, k) * input_scale, 2);
        for (std::int64_t f = 0; f < w.rows; ++f) {
            double dot = 0;
            for (std::int64_t k = 0; k < x.cols; ++k) dot += w(f, k) * x(i, k) * input_scale;
            phi(i, f) = std::exp(dot - half_norm) / std::sqrt(static_cast<double>(w.rows));
        }
    }
    return phi;
}

struct HeadAttention {
    Dense weights;  // the attention matrix of the head
    Dense values;   // what it multiplies: n x dh (or m x dh for xformer)
};

// Per method, the attention matrix and values of one (batch, head), before the output projection.
HeadAttention headAttention(const AttentionProblem& p, std::int64_t b, std::int64_t h) {
    const AttentionConfig& c = p.config;
    const std::int64_t dh = c.headDim();
    const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
    switch (p.method) {
        case Method::quadratic:
        case Method::linear:
        case Method::softmax:
        case Method::performer: {
            const Dense q = columns(fromTensor(p.q, b), h * dh, dh);
            const Dense k = columns(fromTensor(p.k, b), h * dh, dh);
            const Dense v = columns(fromTensor(p.v, b), h * dh, dh);
            if (p.method == Method::performer) {
                const Dense w = fromMatrix(p.features);
                Dense a = multiply(favorFeatures(q, w), transpose(favorFeatures(k, w)));
                normaliseRows(a);
                return {a, v};
            }
            Dense s = multiply(q, transpose(k));
            if (p.method == Method::softmax) softmaxRows(s, scale);
            return {s, v};
        }
        case Method::mha: {
            const Dense x = fromTensor(p.x, b);
            const Dense q = multiply(x, columns(fromMatrix(p.w_q), h * dh, dh));
            const Dense k = multiply(x, columns(fromMatrix(p.w_k), h * dh, dh));
            Dense s = multiply(q, transpose(k));
            softmaxRows(s, scale);
            return {s, multiply(x, columns(fromMatrix(p.w_v), h * dh, dh))};
        }
        case Method::xformer: {
            const Dense x = fromTensor(p.x, b);
            const Dense e = fromMatrix(p.pooling);
            const Dense q = multiply(x, fromMatrix(p.w_q));  // n x Dq
            const Dense k = multiply(transpose(q), e);       // Dq x m
            const Dense v = multiply(transpose(x), e);       // d x m
            const std::int64_t dqh = c.queryHeadDim();
            const Dense q_h = columns(q, h * dqh, dqh);
            const Dense k_h = transpose(columns(transpose(k), h * dqh, dqh));
            Dense s = multiply(q_h, k_h);
            softmaxRows(s, scale);
            return {s, columns(transpose(v), h * dh, dh)};
        }
    }
    return {Dense(0, 0), Dense(0, 0)};
}

}  // namespace

std::vector<double> referenceAttention(const AttentionProblem& p) {
    const AttentionConfig& c = p.config;
    const std::int64_t dh = c.headDim();
    std::vector<double> out(static_cast<std::size_t>(c.batch * c.n * c.d));
    for (std::int64_t b = 0; b < c.batch; ++b) {
        Dense context(c.n, c.d);
        for (std::int64_t h = 0; h < c.heads; ++h) {
            const HeadAttention head = headAttention(p, b, h);
            const Dense o =
                p.method == Method::linear
                    ? multiply(columns(fromTensor(p.q, b), h * dh, dh),
                               multiply(transpose(columns(fromTensor(p.k, b), h * dh, dh)), head.values))
                    : multiply(head.weights, head.values);
            for (std::int64_t i = 0; i < c.n; ++i)
                for (std::int64_t j = 0; j < dh; ++j) context(i, h * dh + j) = o(i, j);
        }
        if (isLayerMethod(p.method)) context = multiply(context, fromMatrix(p.w_o));
        std::copy(context.values.begin(), context.values.end(), out.begin() + b * c.n * c.d);
    }
    return out;
}

MatrixRMd referenceAttentionMatrix(const AttentionProblem& problem, std::int64_t batch, std::int64_t head) {
    const Dense weights = headAttention(problem, batch, head).weights;
    MatrixRMd result(weights.rows, weights.cols);
    for (std::int64_t i = 0; i < weights.rows; ++i)
        for (std::int64_t j = 0; j < weights.cols; ++j) result(i, j) = weights(i, j);
    return result;
}

double relativeFrobeniusError(const float* actual, const double* expected, std::int64_t count) {
    double difference = 0, reference = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        difference += std::pow(static_cast<double>(actual[i]) - expected[i], 2);
        reference += expected[i] * expected[i];
    }
    return reference > 0 ? std::sqrt(difference / reference) : std::sqrt(difference);
}

double relativeFrobeniusError(const MatrixRM& actual, const MatrixRMd& expected) {
    if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) return INFINITY;
    return relativeFrobeniusError(actual.data(), expected.data(), actual.size());
}

}  // namespace attnscope
