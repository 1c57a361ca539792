// A drag source for the X11 drag-and-drop test (x11_session_test.sh): a small window that starts dragging one
// file, as a file manager would, when the mouse is pressed on it. xdotool presses it and moves the pointer
// onto AttnScope's window, so the drop travels through the X server's XDND protocol like a real one.
#include <QApplication>
#include <QDrag>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QUrl>
#include <cstdio>

namespace {

class DragSource : public QLabel {
public:
    explicit DragSource(const QUrl& url) : QLabel(url.fileName()), url_(url) {
        setAlignment(Qt::AlignCenter);
        setStyleSheet(QStringLiteral("background: #0072b2; color: white;"));
    }

protected:
    void mousePressEvent(QMouseEvent*) override {
        auto* mime = new QMimeData;
        mime->setUrls({url_});
        auto* drag = new QDrag(this);
        drag->setMimeData(mime);
        const Qt::DropAction action = drag->exec(Qt::CopyAction);
        std::printf("drag source: %s\n", action == Qt::IgnoreAction ? "not dropped" : "dropped");
        std::fflush(stdout);
    }

private:
    QUrl url_;
};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc != 4) {
        std::fprintf(stderr, "usage: drag_source FILE X Y (the window's top-left corner)\n");
        return 2;
    }
    DragSource source(QUrl::fromLocalFile(QFileInfo(QString::fromLocal8Bit(argv[1])).absoluteFilePath()));
    source.setWindowTitle(QStringLiteral("attnscope drag source"));
    source.setGeometry(QString::fromLocal8Bit(argv[2]).toInt(), QString::fromLocal8Bit(argv[3]).toInt(), 200,
                       120);
    source.show();
    return app.exec();
}
