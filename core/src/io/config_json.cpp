#include "attnscope/io/config_json.h"

#include "attnscope/config/config_fields.h"

namespace attnscope {

nlohmann::json pointConfigJson(Method method, const AttentionConfig& c) {
    nlohmann::json json = {{"method", methodName(method)}};
    for (const ConfigField& field : configFields()) {
        // How a run executes is not part of the point; results files say what ran (threads_used).
        if (field.category == FieldCategory::execution) continue;
        const std::string key(field.key);
        switch (field.type()) {
            case FieldType::choice:
                json[key] = field.text(c);
                break;
            case FieldType::unsigned_integer:
                json[key] = field.unsignedValue(c);
                break;
            case FieldType::integer:
                // A value resolved from 0 (features) is written resolved for the methods that use it, else 0.
                json[key] = !field.effective          ? field.value(c)
                            : field.appliesTo(method) ? field.effective(c)
                                                      : 0;
                break;
        }
    }
    return json;
}

nlohmann::json configTextJson(const AttentionConfig& config) {
    nlohmann::json fields = nlohmann::json::object();
    for (const ConfigField& field : configFields()) fields[std::string(field.key)] = field.text(config);
    return fields;
}

std::string readConfigFields(const nlohmann::json& fields, AttentionConfig& config) {
    if (!fields.is_object()) return "config";
    for (const ConfigField& field : configFields()) {
        const std::string key(field.key);
        const auto found = fields.find(key);
        if (found == fields.end()) continue;
        std::string text;
        if (found->is_string()) {
            text = found->get<std::string>();
        } else if (found->is_number_integer()) {
            text = found->dump();
        } else {
            return key;
        }
        if (!field.parse(text, config)) return key;
    }
    return "";
}

}  // namespace attnscope
