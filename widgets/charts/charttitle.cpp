#include "charttitle.h"

#include <QPainter>

namespace cachescope {

ChartTitle::ChartTitle(QCustomPlot *plot, const QString &text, const QFont &font)
    : QCPTextElement(plot, text, font)
{
}

QSize ChartTitle::textSize() const
{
    if (m_size.isEmpty() || m_sizeText != mText || m_sizeFont != mFont) {
        // What QCPTextElement's size hints measure.
        m_size = QFontMetrics(mFont).boundingRect(0, 0, 0, 0, Qt::TextDontClip, mText).size();
        m_sizeText = mText;
        m_sizeFont = mFont;
    }
    return m_size;
}

QSize ChartTitle::minimumOuterSizeHint() const
{
    return textSize().grownBy(QMargins(mMargins.left(), mMargins.top(), mMargins.right(), mMargins.bottom()));
}

QSize ChartTitle::maximumOuterSizeHint() const
{
    return QSize(QWIDGETSIZE_MAX, textSize().height() + mMargins.top() + mMargins.bottom());
}

void ChartTitle::draw(QCPPainter *painter)
{
    if (painter->modes().testFlag(QCPPainter::pmVectorized)) { // PDF: text stays text
        QCPTextElement::draw(painter);
        return;
    }
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QFont font = mainFont();
    const QColor color = mainTextColor();
    QList<QVariant> key{mText, font, color, mTextFlags, mRect.size(), dpr};
    if (key != m_imageKey) {
        m_image = QImage((QSizeF(mRect.size()) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
        m_image.setDevicePixelRatio(dpr);
        m_image.fill(Qt::transparent);
        QPainter p(&m_image);
        p.setFont(font);
        p.setPen(color);
        p.drawText(QRect(QPoint(0, 0), mRect.size()), mTextFlags, mText, &m_imageTextRect);
        m_imageKey = std::move(key);
    }
    mTextBoundingRect = m_imageTextRect.translated(mRect.topLeft()); // selectTest() reads it
    painter->drawImage(mRect.topLeft(), m_image);
}

} // namespace cachescope
