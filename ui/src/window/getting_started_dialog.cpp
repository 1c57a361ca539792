#include "attnscope/ui/getting_started_dialog.h"

#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace attnscope {

GettingStartedDialog::GettingStartedDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Getting started with AttnScope"));
    setObjectName(QStringLiteral("gettingStartedDialog"));
    browser_ = new QTextBrowser;
    browser_->setObjectName(QStringLiteral("gettingStartedText"));
    browser_->setOpenExternalLinks(true);
    browser_->setHtml(guideHtml());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(browser_);
    layout->addWidget(buttons);
    // About 80 characters wide and 36 lines high: the guide reads without horizontal scrolling.
    const QFontMetrics metrics(font());
    resize(metrics.averageCharWidth() * 84, metrics.lineSpacing() * 36);
}

QString GettingStartedDialog::guideHtml() {
    QString html;
    html += QStringLiteral("<h2>%1</h2><p>%2</p>")
                .arg(tr("Getting started"),
                     tr("AttnScope measures what each way of computing attention costs on this machine and "
                        "shows what it changes in the attention itself. Shapes: batch <i>b</i>, sequence "
                        "length <i>n</i>, width <i>d</i>."));

    html += QStringLiteral("<h3>%1</h3>").arg(tr("The three method families"));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Quadratic order (QKᵀ)V and softmax."),
                     tr("The n × n score matrix is formed first: <b>4bn²d</b> FLOPs and b·n² floats of "
                        "memory. Softmax(QKᵀ/√d)V, the exact attention, has the same order."));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Linear order Q(KᵀV) and the Performer."),
                     tr("Without softmax the product can be reassociated: the d × d matrix KᵀV comes "
                        "first, <b>4bnd²</b> FLOPs. The result is identical; the cost ratio is n/d, so "
                        "the linear order wins when n &gt; d and loses when n &lt; d (the dashed line at "
                        "n = d on the Timing tab). Softmax cannot be reordered exactly: <b>FAVOR+</b> "
                        "replaces exp(q·k/√d) by m random features (m ≈ d ln d), at O(nmd) cost. It "
                        "is an approximation, and its error (relative Frobenius and max abs against "
                        "softmax) is shown under the heatmaps."));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Xformer (α, β)."),
                     tr("A multi-head layer that pools: <b>α</b> shrinks the width of the queries "
                        "(D → D/α) and <b>β</b> the sequence the keys and values are pooled to "
                        "(n → m = ⌈n/β⌉). Scores shrink by αβ and the attention-times-values product "
                        "by β against the multi-head baseline (mha)."));

    html += QStringLiteral("<h3>%1</h3><ul>").arg(tr("Using the window"));
    const QString items[] = {
        tr("<b>Sliders</b> in the Parameters panel set n, d, batch, heads, threads, and α, β, m for the "
           "methods that use them; check methods to measure them. Hover any control for what it does."),
        tr("<b>Live mode</b> (Run → Live) re-measures what a change makes new with quick repetitions, "
           "shortly after you stop dragging. <b>F5</b> runs the whole sweep with full repetitions; "
           "<b>Esc</b> stops and keeps what finished."),
        tr("<b>Presets</b> (the Preset box, File → Presets, File → Open preset) run a saved experiment; "
           "File → Load Q/K/V from .npy uses your own inputs, File → Load Q/K/V from folder… those "
           "tools/capture_qkv.py captured from a PyTorch model."),
        tr("<b>Exports</b>: File → Export… saves a plot as PNG, PDF or SVG (always on white), the results "
           "as CSV or JSON, or a heatmap's cells; right-click a plot for the same. File → Export report… "
           "writes report.html and report.pdf."),
        tr("<b>Theme</b>: View → Theme switches between the system look, light and dark."),
    };
    for (const QString& item : items) html += QStringLiteral("<li>%1</li>").arg(item);
    html += QStringLiteral("</ul>");

    html += QStringLiteral("<h3>%1</h3><ul>").arg(tr("The seed experiments"));
    html += QStringLiteral("<li>%1</li>")
                .arg(tr("<b>notebook</b>: the Performer-order notebook's three shapes (b, n, d) = "
                        "(32, 2048, 64), (32, 64, 2048) and (32, 256, 256): the linear order is about 16× "
                        "faster, 16× slower, and even."));
    html += QStringLiteral("<li>%1</li>")
                .arg(tr("<b>xformer-table</b>: the Xformer README's table, batch 40, D = 512, 4 heads, n "
                        "from 128 to 2048, α = β = s for s = 2, 4, 8, 16 against the multi-head "
                        "baseline; the speed-ups are shown beside the README's own."));
    html += QStringLiteral("</ul><p>%1</p>")
                .arg(tr("The same runs work from the command line: <tt>attnscope bench --preset "
                        "notebook</tt>; <tt>attnscope --help</tt> lists every command."));
    return html;
}

}  // namespace attnscope
