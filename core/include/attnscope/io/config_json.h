#pragma once
#include <nlohmann/json.hpp>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// The fields that describe one point in every file we write (results JSON, eval's config.json): method and
// every config field but the execution ones (threads), keyed as in config_fields.h; features is resolved for
// performer, else 0.
nlohmann::json pointConfigJson(Method method, const AttentionConfig& config);

}  // namespace attnscope
