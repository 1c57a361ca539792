#pragma once
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

#include "attnscope/config/user_inputs.h"
#include "attnscope/io/worker_protocol.h"

namespace attnscope {

// Loaded arrays, or the message that says why they could not be loaded.
struct InputFiles {
    UserInputs inputs;
    QStringList names;                  // file names, for the panel's description
    InputPaths paths;                   // absolute paths by role (q, k, v or x), for the measuring process
    std::optional<std::int64_t> heads;  // a captured folder's heads.txt: the model's head count
    QString error;
};

// Reads three .npy files named q…, k…, v… (Q, K, V) or one (X). Safe off the GUI thread: it only reads.
InputFiles readInputFiles(const QStringList& paths);
// Reads a folder holding q.npy, k.npy, v.npy and perhaps tokens.txt and heads.txt (tools/capture_qkv.py's
// output); a missing or bad file is named in the error.
InputFiles readInputFolder(const QString& directory);

// "(2, 128, 64)": a tensor's shape as the panel and the status bar write it.
QString shapeText(const Tensor& tensor);

}  // namespace attnscope
