#pragma once
#include <nlohmann/json.hpp>

#include "attnscope/attention_config.h"
#include "attnscope/method.h"

namespace attnscope {

// The fields that describe one point in every file we write (results JSON, eval's config.json):
// method, batch, n, d, heads, alpha, beta, features (resolved for performer, else 0), seed, distribution.
nlohmann::json pointConfigJson(Method method, const AttentionConfig& config);

}  // namespace attnscope
