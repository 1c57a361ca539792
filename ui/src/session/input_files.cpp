#include "session/input_files.h"
#include "window/window_text.h"

#include <QFileInfo>
#include <exception>
#include <filesystem>

#include "attnscope/io/npy.h"

namespace attnscope {

InputFiles readInputFiles(const QStringList& paths) {
    InputFiles files;
    if (paths.size() != 1 && paths.size() != 3) {
        files.error = windowTr(
            "Choose three files (Q, K and V, named q…, k… and v…) or one file (X, for mha and "
            "xformer); %n file(s) were chosen.",
            static_cast<int>(paths.size()));
        return files;
    }
    try {
        for (const QString& path : paths) {
            const QFileInfo info(path);
            files.names << info.fileName();
            const NpyArray array = readNpy(std::filesystem::path(path.toStdString()));
            Tensor tensor = tensorFromNpy(array, info.fileName().toStdString());
            if (paths.size() == 1) {
                files.inputs.x = std::move(tensor);
                files.paths["x"] = info.absoluteFilePath().toStdString();
                continue;
            }
            const QChar role = info.completeBaseName().toLower().front();
            Tensor* slot = role == QLatin1Char('q')   ? &files.inputs.q
                           : role == QLatin1Char('k') ? &files.inputs.k
                           : role == QLatin1Char('v') ? &files.inputs.v
                                                      : nullptr;
            if (!slot || !slot->empty()) {
                files.error =
                    windowTr(
                        "%1: with three files, name them q…, k… and v… (e.g. q.npy, k.npy, v.npy) so "
                        "that each is clearly Q, K or V.")
                        .arg(info.fileName());
                return files;
            }
            *slot = std::move(tensor);
            files.paths[std::string(1, role.toLatin1())] = info.absoluteFilePath().toStdString();
        }
    } catch (const std::exception& error) {
        files.error = QString::fromStdString(error.what());
    }
    return files;
}

InputFiles readInputFolder(const QString& directory) {
    QkvFolder folder;
    try {
        folder = qkvFolder(std::filesystem::path(directory.toStdString()));
    } catch (const InputError& error) {
        InputFiles files;
        files.error = QString::fromStdString(error.what());
        return files;
    }
    auto text = [](const std::filesystem::path& path) { return QString::fromStdString(path.string()); };
    InputFiles files = readInputFiles({text(folder.q), text(folder.k), text(folder.v)});
    files.heads = folder.heads;
    if (folder.heads) files.names << QStringLiteral("heads.txt");
    if (files.error.isEmpty() && folder.heads && files.inputs.q.cols() % *folder.heads != 0) {
        files.error = windowTr("%1: %2 heads do not divide the arrays' width d = %3")
                          .arg(QString::fromStdString(
                              (std::filesystem::path(directory.toStdString()) / "heads.txt").string()))
                          .arg(*folder.heads)
                          .arg(files.inputs.q.cols());
    }
    if (files.error.isEmpty() && folder.tokens) {
        try {
            files.inputs.tokens = readTokens(*folder.tokens, files.inputs.q.rows());
            files.names << QStringLiteral("tokens.txt");
        } catch (const InputError& error) {
            files.error = QString::fromStdString(error.what());
        }
    }
    return files;
}

QString shapeText(const Tensor& tensor) {
    return QStringLiteral("(%1, %2, %3)").arg(tensor.batch()).arg(tensor.rows()).arg(tensor.cols());
}

}  // namespace attnscope
