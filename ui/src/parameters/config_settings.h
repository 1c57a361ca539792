#pragma once
#include <QSettings>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

struct StoredParameters {
    AttentionConfig config;
    std::vector<Method> methods;
};

struct ConfigField;

// Keys live under "parameters/" and use the command line's field and method names, so the stored file
// reads like a CLI invocation: "parameters/<key>" for each field of config_fields.h, "parameters/methods".
QString settingsKey(const ConfigField& field);
void writeParameters(QSettings& settings, const StoredParameters& parameters);
// Missing or unreadable entries keep the fallback's value: settings written by another version must never
// stop the window from opening.
StoredParameters readParameters(const QSettings& settings, const StoredParameters& fallback);

}  // namespace attnscope
