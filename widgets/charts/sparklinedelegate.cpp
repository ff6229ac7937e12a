#include "sparklinedelegate.h"

#include "statsoverviewmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace cachescope {

namespace {

constexpr int SparkWidth = 180;

} // namespace

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize text = QStyledItemDelegate::sizeHint(option, index);
    return QSize(SparkWidth + option.fontMetrics.horizontalAdvance(QStringLiteral("100.0%")) + 16,
                 qMax(text.height(), option.fontMetrics.height() * 2));
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget); // background, selection

    const QList<double> values = index.data(StatsOverviewModel::SparklineRole).value<QList<double>>();
    const double threshold = index.data(StatsOverviewModel::ThresholdRole).toDouble();
    const double current = index.data(StatsOverviewModel::ValueRole).toDouble();
    const int textWidth = opt.fontMetrics.horizontalAdvance(QStringLiteral("no lookups")) + 8;
    const QRect cell = opt.rect.adjusted(4, 3, -4, -3);
    const QRect spark(cell.left(), cell.top(), qMax(20, cell.width() - textWidth), cell.height());
    const QRect label(spark.right() + 6, cell.top(), cell.right() - spark.right() - 6, cell.height());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    // Values are plotted inside the frame by the end dot's radius, so the dot at the newest
    // value (and a line at 0% or 100%) sits inside the sparkline, not on or past its border.
    constexpr double DotRadius = 2.0;
    const QRectF plot = QRectF(spark).adjusted(DotRadius + 1, DotRadius + 1, -DotRadius - 1, -DotRadius - 1);
    const auto yOf = [&plot](double v) { return plot.bottom() - (qBound(0.0, v, 100.0) / 100.0) * plot.height(); };
    // Under the threshold is the zone to avoid: tinted, like the dashboard's hit-ratio panel.
    const double ty = yOf(threshold);
    painter->fillRect(QRectF(spark.left(), ty, spark.width(), spark.bottom() - ty), QColor(0xd6, 0x27, 0x28, 24));
    painter->setPen(QPen(QColor(0xd6, 0x27, 0x28, 150), 1, Qt::DashLine));
    painter->drawLine(QPointF(spark.left(), ty), QPointF(spark.right(), ty));
    painter->setPen(QPen(QColor(0, 0, 0, 40), 1));
    painter->drawRect(spark);

    if (values.size() >= 1) {
        // Spread the points over the width in sample order (the ring holds equal steps).
        const double step = values.size() > 1 ? plot.width() / double(values.size() - 1) : 0;
        QPainterPath path;
        bool open = false;
        for (int i = 0; i < values.size(); ++i) {
            const double v = values.at(i);
            if (!std::isfinite(v)) {
                open = false; // a gap stays a gap
                continue;
            }
            const QPointF p(plot.left() + step * i, yOf(v));
            if (open)
                path.lineTo(p);
            else
                path.moveTo(p);
            open = true;
        }
        painter->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 1.5));
        painter->drawPath(path);
        // A lone point between gaps has no segment: a dot keeps it visible.
        if (std::isfinite(values.constLast())) {
            painter->setBrush(QColor(0x1f, 0x77, 0xb4));
            painter->drawEllipse(QPointF(plot.left() + step * double(values.size() - 1), yOf(values.constLast())),
                                 DotRadius, DotRadius);
        }
    }
    painter->restore();

    painter->save();
    const bool under = std::isfinite(current) && current < threshold;
    painter->setPen(under ? QColor(0xc0, 0, 0)
                          : opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                                  : QPalette::Text));
    QFont f = opt.font;
    f.setBold(under);
    painter->setFont(f);
    painter->drawText(label, Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

} // namespace cachescope
