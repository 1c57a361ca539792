#include "attnscope/config_json.h"

namespace attnscope {

nlohmann::json pointConfigJson(Method method, const AttentionConfig& c) {
    return {{"method", methodName(method)},
            {"batch", c.batch},
            {"n", c.n},
            {"d", c.d},
            {"heads", c.heads},
            {"alpha", c.alpha},
            {"beta", c.beta},
            {"features", usesRandomFeatures(method) ? c.featureCount() : 0},
            {"seed", c.seed},
            {"distribution", distributionName(c.distribution)}};
}

}  // namespace attnscope
