#pragma once
#include <QCoreApplication>
#include <QString>

namespace attnscope {

// The window's words outside MainWindow's own members (menus, status bar, file loading) share its translation
// context, so that one catalogue holds every window string.
inline QString windowTr(const char* text, int n = -1) {
    return QCoreApplication::translate("attnscope::MainWindow", text, nullptr, n);
}

}  // namespace attnscope
