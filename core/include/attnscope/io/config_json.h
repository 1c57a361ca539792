#pragma once
#include <nlohmann/json.hpp>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// The fields that describe one point in every file we write (results JSON, eval's config.json): method and
// every config field but the execution ones (threads), keyed as in config_fields.h; features is resolved for
// performer, else 0.
nlohmann::json pointConfigJson(Method method, const AttentionConfig& config);

// Every config field as its text (config_fields.h), threads included: a config that reads back exactly.
nlohmann::json configTextJson(const AttentionConfig& config);

// Sets each field of `config` named in `fields`, a number or the text configTextJson writes; fields absent
// keep their value. Returns the key of the first field that is not a valid value, or an empty string.
std::string readConfigFields(const nlohmann::json& fields, AttentionConfig& config);

}  // namespace attnscope
