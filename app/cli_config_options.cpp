#include "cli_config_options.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <string_view>

#include "attnscope/config/config_fields.h"
#include "attnscope/io/npy.h"
#include "attnscope/measuring/system_info.h"
#include "cli_common.h"

namespace attnscope::cli {

namespace {

// The options beside the config fields that shape a config.
const char* const kOtherShapeOptions[] = {"method", "n-range", "s", "q", "k", "v", "x", "qkv"};

QString tr(const char* text) {
    return QCoreApplication::translate("cli", text);
}

std::vector<std::int64_t> parseRange(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d+):(\d+):([x+])(\d+)$)"));
    const auto match = pattern.match(text.trimmed());
    const std::string usage =
        "--n-range: expected START:STOP:xFACTOR or START:STOP:+STEP (e.g. 128:4096:x2), got '" +
        text.toStdString() + "'";
    if (!match.hasMatch()) throw UsageError(usage);
    const std::int64_t start =
        parseInteger(QStringLiteral("n-range"), match.captured(1), 1, ConfigLimits::kMaxN);
    const std::int64_t stop =
        parseInteger(QStringLiteral("n-range"), match.captured(2), start, ConfigLimits::kMaxN);
    const bool geometric = match.captured(3) == QLatin1String("x");
    const std::int64_t step =
        parseInteger(QStringLiteral("n-range"), match.captured(4), geometric ? 2 : 1, ConfigLimits::kMaxN);
    std::vector<std::int64_t> values;
    for (std::int64_t n = start; n <= stop && values.size() < 1000; n = geometric ? n * step : n + step)
        values.push_back(n);
    return values;
}

Tensor loadInput(const std::filesystem::path& path, const char* name) {
    try {
        return tensorFromNpy(readNpy(path), path.string());
    } catch (const NpyError& error) {
        throw UsageError(std::string("--") + name + ": " + error.what());
    } catch (const InputError& error) {
        throw UsageError(std::string("--") + name + ": " + error.what());
    }
}

// --qkv DIR: DIR/q.npy, k.npy, v.npy and, when they are there, tokens.txt and heads.txt (returned).
std::optional<std::int64_t> loadInputFolder(const QString& directory, UserInputs& inputs) {
    try {
        const QkvFolder folder = qkvFolder(directory.toStdString());
        inputs.q = loadInput(folder.q, "qkv");
        inputs.k = loadInput(folder.k, "qkv");
        inputs.v = loadInput(folder.v, "qkv");
        if (folder.tokens) inputs.tokens = readTokens(*folder.tokens, inputs.q.rows());
        return folder.heads;
    } catch (const InputError& error) {
        throw UsageError(std::string("--qkv: ") + error.what());
    }
}

QString text(std::string_view view) {
    return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

QString optionHelp(const ConfigField& field) {
    QString help = text(field.help);
    for (const FieldChoice& choice : field.choices)
        help += QStringLiteral(" %1: %2").arg(text(choice.name), text(choice.help));
    help += QStringLiteral(" Allowed: %1").arg(QString::fromStdString(field.rangeText()));
    if (!field.appliesToAll())
        help += QStringLiteral("; used by %1 only").arg(QString::fromStdString(field.methodsText()));
    return help + QStringLiteral(" (default %1).").arg(QString::fromStdString(field.defaultText()));
}

}  // namespace

void addConfigOptions(QCommandLineParser& parser, bool allow_n_range) {
    QStringList defaultMethodNames;
    for (Method method : defaultMethods()) defaultMethodNames << text(methodName(method));
    parser.addOption(
        {QStringLiteral("method"),
         tr("Comma-separated methods: %1 (default %2).")
             .arg(QString::fromStdString(methodNameList()), defaultMethodNames.join(QLatin1Char(','))),
         QStringLiteral("list")});
    for (const ConfigField& field : configFields()) {
        parser.addOption({text(field.key), optionHelp(field), text(field.key)});
        if (field.key == "n" && allow_n_range) {
            parser.addOption(
                {QStringLiteral("n-range"),
                 tr("Sweep n: START:STOP:xFACTOR (geometric) or START:STOP:+STEP, e.g. 128:4096:x2."),
                 QStringLiteral("range")});
        }
        if (field.key == "beta") {
            parser.addOption({QStringLiteral("s"),
                              tr("Sets alpha and beta to the same value, as the original Xformer."),
                              QStringLiteral("S")});
        }
    }
    parser.addOption({QStringLiteral("q"), tr("Load Q from a .npy file of shape (n, d) or (batch, n, d)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("k"), tr("Load K from a .npy file."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("v"), tr("Load V from a .npy file."), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("x"), tr("Load X (mha, xformer) from a .npy file."), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("qkv"),
         tr("Load Q, K and V from DIR/q.npy, DIR/k.npy and DIR/v.npy (and the token strings from "
            "DIR/tokens.txt if it is there), as tools/capture_qkv.py writes them."),
         QStringLiteral("dir")});
}

bool hasConfigOptions(const QCommandLineParser& parser) {
    const QStringList given = parser.optionNames();
    for (const ConfigField& field : configFields()) {
        if (field.category != FieldCategory::execution && given.contains(text(field.key))) return true;
    }
    for (const char* option : kOtherShapeOptions) {
        if (given.contains(QLatin1String(option))) return true;
    }
    return false;
}

std::vector<BenchmarkPoint> readPoints(const QCommandLineParser& parser) {
    auto isSet = [&](const char* option) { return parser.optionNames().contains(QLatin1String(option)); };
    auto value = [&](const char* option) { return parser.value(QLatin1String(option)); };

    std::vector<Method> methods = defaultMethods();
    if (isSet("method")) methods.clear();
    for (const QString& name : value("method").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto method = methodFromName(name.trimmed().toStdString());
        if (!method) {
            throw UsageError("--method: unknown method '" + name.toStdString() +
                             "'; allowed: " + methodNameList());
        }
        methods.push_back(*method);
    }
    if (methods.empty()) throw UsageError("--method: give at least one of " + methodNameList());

    AttentionConfig config = defaultConfig();
    for (const ConfigField& field : configFields()) {
        const QString option = text(field.key);
        if (!parser.optionNames().contains(option)) continue;
        const QString given = parser.value(option);
        // Only the type is checked here; validate() below gives the precise range with its reason.
        if (!field.parse(given.toStdString(), config)) {
            const std::string expected = field.type() == FieldType::integer ? "an integer"
                                         : field.type() == FieldType::unsigned_integer
                                             ? "an integer from " + field.rangeText()
                                             : field.rangeText();
            throw UsageError("--" + std::string(field.key) + ": expected " + expected + ", got '" +
                             given.toStdString() + "'");
        }
    }
    if (isSet("s"))
        config.alpha = config.beta = parseInteger(QStringLiteral("s"), value("s"), 1, ConfigLimits::kMaxN);

    auto inputs = std::make_shared<UserInputs>();
    bool any_input = false;
    const std::pair<const char*, Tensor*> input_fields[] = {
        {"q", &inputs->q}, {"k", &inputs->k}, {"v", &inputs->v}, {"x", &inputs->x}};
    for (const auto& [option, tensor] : input_fields) {
        if (!isSet(option)) continue;
        *tensor = loadInput(value(option).toStdString(), option);
        any_input = true;
    }
    if (isSet("qkv")) {
        for (const char* option : {"q", "k", "v"}) {
            if (isSet(option))
                throw UsageError(std::string("--qkv: give either --qkv or --q, --k and --v, not --") +
                                 option);
        }
        const std::optional<std::int64_t> heads = loadInputFolder(value("qkv"), *inputs);
        // The captured layer's heads, unless --heads says otherwise.
        if (heads && !isSet("heads")) config.heads = *heads;
        any_input = true;
    }

    std::vector<std::int64_t> lengths{config.n};
    if (parser.optionNames().contains(QStringLiteral("n-range")) && isSet("n-range")) {
        if (any_input) throw UsageError("--n-range: cannot sweep n with inputs loaded from .npy files");
        lengths = parseRange(value("n-range"));
    }
    std::vector<BenchmarkPoint> points;
    for (std::int64_t n : lengths) {
        for (Method method : methods) {
            AttentionConfig c = config;
            c.n = n;
            if (any_input) {
                if (auto error = applyUserInputs(*inputs, method, c))
                    throw UsageError("--" + error->field + ": " + error->message);
            }
            if (auto error = validate(c, method)) {
                throw UsageError((error->field == "memory" ? std::string() : "--" + error->field + ": ") +
                                 error->message);
            }
            points.emplace_back(method, c, any_input ? inputs : nullptr);
        }
    }
    return points;
}

void addRunnerOptions(QCommandLineParser& parser) {
    parser.addOption(
        {QStringLiteral("min-time"),
         QCoreApplication::translate("cli", "Seconds of timed repetitions per point (default 0.5)."),
         QStringLiteral("seconds"), QStringLiteral("0.5")});
    parser.addOption(
        {QStringLiteral("max-reps"),
         QCoreApplication::translate("cli", "At most this many repetitions per point (default 200)."),
         QStringLiteral("count"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("warmup"),
                      QCoreApplication::translate("cli", "Untimed calls before timing (default 1)."),
                      QStringLiteral("count"), QStringLiteral("1")});
}

RunnerOptions readRunnerOptions(const QCommandLineParser& parser) {
    RunnerOptions options;
    options.min_seconds = parseSeconds(QStringLiteral("min-time"), parser.value(QStringLiteral("min-time")));
    options.max_repetitions = static_cast<int>(
        parseInteger(QStringLiteral("max-reps"), parser.value(QStringLiteral("max-reps")), 1, 100000));
    options.min_repetitions = std::min(options.min_repetitions, options.max_repetitions);
    options.warmup_calls = static_cast<int>(
        parseInteger(QStringLiteral("warmup"), parser.value(QStringLiteral("warmup")), 0, 1000));
    options.max_seconds = std::max(options.max_seconds, options.min_seconds);
    return options;
}

std::int64_t parseInteger(const QString& option, const QString& text, std::int64_t low, std::int64_t high) {
    bool ok = false;
    const qlonglong value = text.trimmed().toLongLong(&ok);
    if (!ok || value < low || value > high) {
        throw UsageError(QStringLiteral("--%1: expected an integer from %2 to %3, got '%4'")
                             .arg(option)
                             .arg(low)
                             .arg(high)
                             .arg(text)
                             .toStdString());
    }
    return value;
}

int parseThreads(const QString& text) {
    return static_cast<int>(parseInteger(QStringLiteral("threads"), text, 0, 4 * hardwareThreads()));
}

double parseSeconds(const QString& option, const QString& text) {
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !(value >= 0) || value > 3600) {
        throw UsageError(QStringLiteral("--%1: expected seconds from 0 to 3600, got '%2'")
                             .arg(option, text)
                             .toStdString());
    }
    return value;
}

}  // namespace attnscope::cli
