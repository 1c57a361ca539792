#pragma once
#include <QImage>
#include <QWidget>
#include <memory>
#include <vector>

namespace attnscope {

struct HeadGrid;

// Every head of one batch element at once, each map small over one shared colour scale (BertViz's model
// view): heads that attend alike look alike. Clicking a head asks for it large (headClicked).
class HeadGridView : public QWidget {
    Q_OBJECT
public:
    explicit HeadGridView(QWidget* parent = nullptr);

    void setGrid(std::shared_ptr<const HeadGrid> grid, bool log);
    void setLogScale(bool log);
    // The head the maps show large, framed in the grid.
    void setCurrentHead(int head);
    const HeadGrid* grid() const { return grid_.get(); }
    // Where each head's map is drawn; -1 / empty outside the grid.
    int headAt(const QPoint& pos) const;
    QRect mapRect(int head) const;
    // What hovering shows at a widget position: the head, the block of queries and keys, the mean weight.
    QString describe(const QPoint& pos) const;

signals:
    void headClicked(int head);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Layout {
        int columns = 1;
        int side = 0;  // each map's edge in pixels
    };
    Layout layout() const;
    void colourMaps();

    std::shared_ptr<const HeadGrid> grid_;
    bool log_ = false;
    int currentHead_ = -1;
    std::vector<QImage> images_;  // one per head, one pixel per cell
};

}  // namespace attnscope
