#include "namespacechart.h"

#include "charts/qcustomplotinclude.h"
#include "codec/namespaceindex.h"
#include "common/format.h"

#include <QVBoxLayout>

namespace cachescope {

NamespaceChart::NamespaceChart(QWidget *parent) : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("namespacePlot"));
    m_plot->setMinimumHeight(160);
    m_plot->setBackground(palette().base());
    const QColor text = palette().color(QPalette::Text);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(palette().color(QPalette::Mid), 0, Qt::DotLine));
    }
    // Bars run along x (the value); y carries one text tick per namespace.
    m_bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_bars->setWidth(0.7);
    QColor fill = palette().color(QPalette::Highlight);
    m_bars->setPen(QPen(fill.darker(120)));
    fill.setAlpha(190);
    m_bars->setBrush(fill);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setRangeReversed(true); // largest on top
    m_plot->xAxis->setLabel(tr("keys"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void NamespaceChart::setByBytes(bool byBytes)
{
    m_byBytes = byBytes;
    m_plot->xAxis->setLabel(byBytes ? tr("bytes (keys whose size was read)") : tr("keys"));
}

void NamespaceChart::update(const NamespaceIndex &index)
{
    const std::vector<NamespaceRow> rows = index.ranking(m_byBytes, Bars);
    QVector<double> positions;
    QVector<double> values;
    QVector<QString> labels;
    double top = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        const NamespaceRow &r = rows[i];
        const double value = double(m_byBytes ? r.stats.bytes : r.stats.keys);
        if (m_byBytes && value <= 0)
            break;
        const bool overflow = index.prefixes()[size_t(r.prefixIndex)].overflow;
        QString label = NamespaceIndex::pattern(r.prefix, r.django, r.version, overflow);
        label += QStringLiteral("  ") + (m_byBytes ? formatBytes(qint64(value)) : formatCount(qint64(value)));
        positions.append(double(i + 1));
        values.append(value);
        labels.append(label);
        top = qMax(top, value);
    }
    m_labels = QStringList(labels.begin(), labels.end());
    m_bars->setData(positions, values, true);
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
    ticker->setTicks(positions, labels);
    m_plot->yAxis->setRange(0.4, qMax<double>(6, positions.size()) + 0.6); // a few bars stay bar-shaped
    m_plot->xAxis->setRange(0, top > 0 ? top * 1.08 : 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace cachescope
