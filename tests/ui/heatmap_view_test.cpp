#include <QtTest>

#include "attnscope/ui/heatmap_view.h"

class HeatmapViewTest : public QObject {
    Q_OBJECT
private slots:
    void constructs() { attnscope::HeatmapView view; }
};

QTEST_MAIN(HeatmapViewTest)
#include "heatmap_view_test.moc"
