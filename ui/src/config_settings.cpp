#include "config_settings.h"

#include <QStringList>
#include <string_view>

#include "method_style.h"

namespace attnscope {

namespace {

const QString kGroup = QStringLiteral("parameters/");

QString key(const char* field) {
    return kGroup + QLatin1String(field);
}

void readInteger(const QSettings& settings, const char* field, std::int64_t& value) {
    bool ok = false;
    const qlonglong stored = settings.value(key(field)).toLongLong(&ok);
    if (ok) value = stored;
}

}  // namespace

void writeParameters(QSettings& settings, const StoredParameters& parameters) {
    const AttentionConfig& c = parameters.config;
    settings.setValue(key("batch"), qlonglong{c.batch});
    settings.setValue(key("n"), qlonglong{c.n});
    settings.setValue(key("d"), qlonglong{c.d});
    settings.setValue(key("heads"), qlonglong{c.heads});
    settings.setValue(key("alpha"), qlonglong{c.alpha});
    settings.setValue(key("beta"), qlonglong{c.beta});
    settings.setValue(key("features"), qlonglong{c.features});
    settings.setValue(key("threads"), c.threads);
    // As text: an INI file cannot say whether a number is signed, and seeds use all 64 bits.
    settings.setValue(key("seed"), QString::number(c.seed));
    const std::string_view distribution = distributionName(c.distribution);
    settings.setValue(key("distribution"),
                      QString::fromUtf8(distribution.data(), static_cast<qsizetype>(distribution.size())));
    QStringList methods;
    for (Method method : parameters.methods) methods << methodLabel(method);
    settings.setValue(key("methods"), methods);
}

StoredParameters readParameters(const QSettings& settings, const StoredParameters& fallback) {
    StoredParameters result = fallback;
    AttentionConfig& c = result.config;
    readInteger(settings, "batch", c.batch);
    readInteger(settings, "n", c.n);
    readInteger(settings, "d", c.d);
    readInteger(settings, "heads", c.heads);
    readInteger(settings, "alpha", c.alpha);
    readInteger(settings, "beta", c.beta);
    readInteger(settings, "features", c.features);

    bool ok = false;
    const int threads = settings.value(key("threads")).toInt(&ok);
    if (ok) c.threads = threads;
    const qulonglong seed = settings.value(key("seed")).toString().toULongLong(&ok);
    if (ok) c.seed = seed;
    const std::string distribution = settings.value(key("distribution")).toString().toStdString();
    if (const auto parsed = distributionFromName(distribution)) c.distribution = *parsed;

    if (settings.contains(key("methods"))) {
        result.methods.clear();
        for (const QString& name : settings.value(key("methods")).toStringList()) {
            if (const auto method = methodFromName(name.toStdString())) result.methods.push_back(*method);
        }
    }
    return result;
}

}  // namespace attnscope
