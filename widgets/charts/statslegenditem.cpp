#include "statslegenditem.h"

#include "statsgraph.h"

#include <QPainter>

namespace cachescope {

namespace {

// Room around the name in its image for glyphs that overhang their advance (TextDontClip
// lets them draw there).
constexpr int Overhang = 2;

} // namespace

StatsLegendItem::StatsLegendItem(QCPLegend *legend, QCPAbstractPlottable *plottable)
    : QCPPlottableLegendItem(legend, plottable)
{
}

QRect StatsLegendItem::textRect() const
{
    const QFont font = getFont();
    const int iconHeight = mParentLegend->iconSize().height();
    QList<QVariant> key{mPlottable->name(), font, iconHeight};
    if (key != m_textKey) {
        m_textRect =
            QFontMetrics(font).boundingRect(0, 0, 0, iconHeight, Qt::TextDontClip, mPlottable->name());
        m_textKey = std::move(key);
    }
    return m_textRect;
}

QSize StatsLegendItem::minimumOuterSizeHint() const
{
    if (!mPlottable)
        return {};
    // QCPPlottableLegendItem's sum, with the measured name kept.
    const QSize icon = mParentLegend->iconSize();
    const QRect text = textRect();
    return QSize(icon.width() + mParentLegend->iconTextPadding() + text.width() + mMargins.left() +
                     mMargins.right(),
                 qMax(text.height(), icon.height()) + mMargins.top() + mMargins.bottom());
}

void StatsLegendItem::draw(QCPPainter *painter)
{
    if (!mPlottable)
        return;
    const auto *graph = qobject_cast<const StatsGraph *>(mPlottable);
    if (!graph || painter->modes().testFlag(QCPPainter::pmVectorized)) { // PDF: text stays text
        QCPPlottableLegendItem::draw(painter);
        return;
    }
    const QSize icon = mParentLegend->iconSize();
    const QRect text = textRect();
    const int textHeight = qMax(text.height(), icon.height()); // as QCPPlottableLegendItem
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QFont font = getFont();
    const QColor color = getTextColor();
    QList<QVariant> key{mPlottable->name(), font, color, text.width(), textHeight, dpr};
    if (key != m_imageKey) {
        const QSize size(text.width() + 2 * Overhang, textHeight + 2 * Overhang);
        m_image = QImage((QSizeF(size) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
        m_image.setDevicePixelRatio(dpr);
        m_image.fill(Qt::transparent);
        QPainter p(&m_image);
        p.setFont(font);
        p.setPen(color);
        p.drawText(Overhang, Overhang, text.width(), textHeight, Qt::TextDontClip, mPlottable->name());
        m_imageKey = std::move(key);
    }
    painter->drawImage(
        QPointF(mRect.x() + icon.width() + mParentLegend->iconTextPadding() - Overhang, mRect.y() - Overhang),
        m_image);

    // The icon, as QCPPlottableLegendItem draws it.
    const QRect iconRect(mRect.topLeft(), icon);
    painter->save();
    painter->setClipRect(iconRect, Qt::IntersectClip);
    graph->drawIcon(painter, iconRect);
    painter->restore();
    if (getIconBorderPen().style() != Qt::NoPen) {
        painter->setPen(getIconBorderPen());
        painter->setBrush(Qt::NoBrush);
        const int halfPen = qCeil(painter->pen().widthF() * 0.5) + 1;
        painter->setClipRect(mOuterRect.adjusted(-halfPen, -halfPen, halfPen, halfPen));
        painter->drawRect(iconRect);
    }
}

} // namespace cachescope
