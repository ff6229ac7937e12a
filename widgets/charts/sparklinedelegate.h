#pragma once
// Paints a hit-ratio cell of the overview: a sparkline of the last minutes (0..100 %, gaps
// left open, the threshold as a dashed line, the area under it tinted) and the current
// value on the right, red when under the threshold. Reads StatsOverviewModel's
// SparklineRole, ThresholdRole and ValueRole.

#include <QStyledItemDelegate>

namespace cachescope {

class SparklineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace cachescope
