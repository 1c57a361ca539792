#pragma once
#include <QStringList>

namespace attnscope {

// Subcommands of the attnscope binary; anything else starts the GUI.
bool isCliCommand(const QString& word);

// Runs `attnscope COMMAND ...` (arguments[0] is the program). Returns the process exit code:
// 0 success, 1 a run-time failure (unreadable file, failed write), 2 bad arguments, 130 interrupted.
int runCli(const QStringList& arguments);

}  // namespace attnscope
