#pragma once
#include <QSignalSpy>
#include <QString>
#include <QStringList>

#include "attnscope/ui/experiment_session.h"

namespace attnscope::test {

// Loads .npy inputs the way File → Load does (off the GUI thread) and waits for the outcome: an empty string,
// or the message the user would see.
inline QString loadInputsAndWait(ExperimentSession& session, const QStringList& paths) {
    QSignalSpy loaded(&session, &ExperimentSession::inputsLoaded);
    session.loadInputFiles(paths);
    if (!loaded.wait(30000)) return QStringLiteral("timed out waiting for the inputs to load");
    return loaded.at(0).at(0).toString();
}

// The same for a folder of q.npy, k.npy, v.npy (and tokens.txt), as File → Load Q/K/V from folder… does.
inline QString loadInputFolderAndWait(ExperimentSession& session, const QString& directory) {
    QSignalSpy loaded(&session, &ExperimentSession::inputsLoaded);
    session.loadInputFolder(directory);
    if (!loaded.wait(30000)) return QStringLiteral("timed out waiting for the inputs to load");
    return loaded.at(0).at(0).toString();
}

}  // namespace attnscope::test
