// The bench/eval argument parsing on arbitrary argument lists (NUL-separated in the input): it accepts
// them or throws UsageError, never anything else. Options naming input files are skipped: the fuzzer
// would otherwise read /dev/zero.
#include <QCommandLineParser>
#include <QRegularExpression>
#include <cstdint>

#include "cli_common.h"
#include "cli_config_options.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    QStringList arguments{QStringLiteral("attnscope")};
    for (const QByteArray& part :
         QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)).split('\0')) {
        arguments << QString::fromUtf8(part);
    }
    static const QRegularExpression file_option(QStringLiteral("^--?[qkvx](=|$)"));
    for (const QString& argument : arguments) {
        if (file_option.match(argument).hasMatch() || argument.startsWith(QLatin1String("--h")) ||
            argument == QLatin1String("-h")) {
            return 0;
        }
    }
    QCommandLineParser parser;
    attnscope::cli::addConfigOptions(parser, true);
    attnscope::cli::addRunnerOptions(parser);
    try {
        if (!parser.parse(arguments)) return 0;
        (void)attnscope::cli::readRunnerOptions(parser);
        for (const auto& point : attnscope::cli::readPoints(parser)) (void)point.name();
    } catch (const attnscope::cli::UsageError&) {
    }
    return 0;
}
