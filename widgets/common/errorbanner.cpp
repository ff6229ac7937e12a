#include "errorbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace cachescope {

ErrorBanner::ErrorBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_action = new QPushButton(this);
    m_action->setVisible(false);
    auto *close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(close, 0, Qt::AlignTop);

    connect(m_action, &QPushButton::clicked, this, &ErrorBanner::actionTriggered);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void ErrorBanner::showMessage(const QString &text, Level level, const QString &actionText)
{
    m_level = level;
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    const QStyle::StandardPixmap icon = level == Level::Error     ? QStyle::SP_MessageBoxCritical
                                        : level == Level::Warning ? QStyle::SP_MessageBoxWarning
                                                                  : QStyle::SP_MessageBoxInformation;
    const int extent = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(extent, extent));
    applyLevelColours();
    show();
}

QString ErrorBanner::text() const
{
    return isVisible() ? m_text->text() : QString();
}

void ErrorBanner::applyLevelColours()
{
    // Tint the palette's window colour rather than hard-coding a light-theme pink.
    const QColor tint = m_level == Level::Error     ? QColor(220, 50, 47)
                        : m_level == Level::Warning ? QColor(230, 160, 20)
                                                    : QColor(40, 120, 220);
    QPalette pal = parentWidget() ? parentWidget()->palette() : palette();
    const QColor base = pal.color(QPalette::Window);
    const auto mix = [](int a, int b) { return (a * 4 + b) / 5; };
    pal.setColor(QPalette::Window, QColor(mix(base.red(), tint.red()), mix(base.green(), tint.green()),
                                          mix(base.blue(), tint.blue())));
    setPalette(pal);
}

} // namespace cachescope
