#pragma once
#include <QDialog>

class QTextBrowser;

namespace attnscope {

// Help → Getting started: a short guide to the three method families, their costs, the controls and the
// seed experiments. Non-modal, so the guide can stay open beside the window it describes.
class GettingStartedDialog : public QDialog {
    Q_OBJECT
public:
    explicit GettingStartedDialog(QWidget* parent = nullptr);

    QTextBrowser* browser() const { return browser_; }
    // The guide as HTML; every sentence goes through tr() so it can be translated.
    static QString guideHtml();

private:
    QTextBrowser* browser_ = nullptr;
};

}  // namespace attnscope
