#include "attnscope/config/method.h"

namespace attnscope {

std::string_view methodName(Method method) {
    switch (method) {
        case Method::quadratic:
            return "quadratic";
        case Method::linear:
            return "linear";
        case Method::softmax:
            return "softmax";
        case Method::mha:
            return "mha";
        case Method::xformer:
            return "xformer";
        case Method::performer:
            return "performer";
    }
    return "unknown";
}

std::string_view methodDescription(Method method) {
    switch (method) {
        case Method::quadratic:
            return "(Q K^T) V, the notebook's quadratic order";
        case Method::linear:
            return "Q (K^T V), the Performer's linear order";
        case Method::softmax:
            return "softmax(Q K^T / sqrt(d)) V, exact softmax attention";
        case Method::mha:
            return "multi-head attention layer with W_q, W_k, W_v, W_o";
        case Method::xformer:
            return "Xformer layer: Q pooled by alpha, K and V pooled by beta";
        case Method::performer:
            return "FAVOR+ with orthogonal random features";
    }
    return "";
}

std::optional<Method> methodFromName(std::string_view name) {
    for (Method method : kAllMethods) {
        if (methodName(method) == name) return method;
    }
    return std::nullopt;
}

std::string methodNameList() {
    std::string list;
    for (Method method : kAllMethods) {
        if (!list.empty()) list += ", ";
        list += methodName(method);
    }
    return list;
}

bool isLayerMethod(Method method) {
    return method == Method::mha || method == Method::xformer;
}
bool usesAlphaBeta(Method method) {
    return method == Method::xformer;
}
bool usesRandomFeatures(Method method) {
    return method == Method::performer;
}

}  // namespace attnscope
