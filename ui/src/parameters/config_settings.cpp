#include "parameters/config_settings.h"

#include <QStringList>
#include <string_view>

#include "attnscope/config/config_fields.h"
#include "charts/method_style.h"

namespace attnscope {

namespace {

const QString kGroup = QStringLiteral("parameters/");

QString key(std::string_view field) {
    return kGroup + QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
}

}  // namespace

QString settingsKey(const ConfigField& field) {
    return key(field.key);
}

void writeParameters(QSettings& settings, const StoredParameters& parameters) {
    const AttentionConfig& c = parameters.config;
    for (const ConfigField& field : configFields()) {
        if (field.type() == FieldType::integer) {
            settings.setValue(settingsKey(field), qlonglong{field.value(c)});
        } else {
            // As text: an INI file cannot say whether a number is signed, and seeds use all 64 bits.
            settings.setValue(settingsKey(field), QString::fromStdString(field.text(c)));
        }
    }
    QStringList methods;
    for (Method method : parameters.methods) methods << methodLabel(method);
    settings.setValue(key("methods"), methods);
}

StoredParameters readParameters(const QSettings& settings, const StoredParameters& fallback) {
    StoredParameters result = fallback;
    for (const ConfigField& field : configFields()) {
        // A value that does not parse keeps the fallback's.
        field.parse(settings.value(settingsKey(field)).toString().toStdString(), result.config);
    }
    if (settings.contains(key("methods"))) {
        result.methods.clear();
        for (const QString& name : settings.value(key("methods")).toStringList()) {
            if (const auto method = methodFromName(name.toStdString())) result.methods.push_back(*method);
        }
    }
    return result;
}

}  // namespace attnscope
