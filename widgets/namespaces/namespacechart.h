#pragma once
// Horizontal bar chart of the largest namespaces (PREFIX:VERSION groups), by keys or by
// known bytes. It is redrawn from a NamespaceIndex only when asked (the namespace panel
// asks at most a few times a second, and only while visible), with a queued replot.

#include <QWidget>

class QCustomPlot;
class QCPBars;

namespace cachescope {

class NamespaceIndex;

class NamespaceChart : public QWidget
{
    Q_OBJECT
public:
    static constexpr int Bars = 12;

    explicit NamespaceChart(QWidget *parent = nullptr);

    void setByBytes(bool byBytes);
    bool byBytes() const { return m_byBytes; }
    void update(const NamespaceIndex &index);
    // The labels drawn, top bar first (for tests).
    QStringList labels() const { return m_labels; }
    QCustomPlot *plot() const { return m_plot; }

private:
    QCustomPlot *m_plot = nullptr;
    QCPBars *m_bars = nullptr;
    QStringList m_labels;
    bool m_byBytes = false;
};

} // namespace cachescope
