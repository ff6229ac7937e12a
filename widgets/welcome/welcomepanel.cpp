#include "welcomepanel.h"

#include "about/aboutdialog.h"

#include <QCommandLinkButton>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace cachescope {

WelcomePanel::WelcomePanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePanel"));
    auto *outer = new QVBoxLayout(this);
    auto *column = new QVBoxLayout;
    outer->addStretch(1);
    auto *centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addLayout(column, 0);
    centre->addStretch(1);
    outer->addLayout(centre);
    outer->addStretch(2);

    auto *icon = new QLabel;
    icon->setPixmap(AboutDialog::applicationIcon().pixmap(QSize(80, 80), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignHCenter);
    column->addWidget(icon);
    // Colours come from the palette (QLabel's rich text uses it), so dark themes work.
    auto *title = new QLabel(tr("<h1>Welcome to CacheScope</h1>"
                                "<p>Look inside the cache of a Django site — Redis, Memcached or the "
                                "database cache table — and invalidate what is stale.</p>"));
    title->setTextFormat(Qt::RichText);
    title->setAlignment(Qt::AlignHCenter);
    title->setWordWrap(true);
    column->addWidget(title);

    const auto addButton = [column](const QString &objectName, const QString &text, const QString &description,
                                    const QString &toolTip) {
        auto *b = new QCommandLinkButton(text, description);
        b->setObjectName(objectName);
        b->setToolTip(toolTip);
        b->setMinimumWidth(520);
        column->addWidget(b);
        return b;
    };
    QCommandLinkButton *demo =
        addButton(QStringLiteral("welcomeDemo"), tr("Open the demo"),
                  tr("Local Redis, Memcached and a SQLite cache table filled by real Django, with live traffic."),
                  tr("Connect to the servers a running ./installers/demo.sh started"));
    QCommandLinkButton *add = addButton(QStringLiteral("welcomeNewConnection"), tr("New connection…"),
                                        tr("Redis, Memcached or a Django database cache table, by URL."),
                                        tr("Add a connection by hand (Ctrl+N)"));
    QCommandLinkButton *import =
        addButton(QStringLiteral("welcomeImport"), tr("Import from Django settings…"),
                  tr("Read CACHES from a project's manage.py or a pasted dict: one connection per alias."),
                  tr("Make connections from a Django project's CACHES setting"));

    m_hint = new QLabel(tr("<b>The demo is not running.</b> From a CacheScope checkout run "
                           "<code>./installers/demo.sh</code>: it starts redis-server, memcached and a SQLite "
                           "cache table on free local ports, fills them through Django, keeps them busy and "
                           "opens CacheScope on them. Closing that window stops them again."));
    m_hint->setObjectName(QStringLiteral("welcomeDemoHint"));
    m_hint->setTextFormat(Qt::RichText);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint->setMaximumWidth(560);
    m_hint->hide();
    column->addWidget(m_hint);

    connect(demo, &QCommandLinkButton::clicked, this, &WelcomePanel::demoRequested);
    connect(add, &QCommandLinkButton::clicked, this, &WelcomePanel::newConnectionRequested);
    connect(import, &QCommandLinkButton::clicked, this, &WelcomePanel::importRequested);
}

void WelcomePanel::showDemoHint()
{
    m_hint->show();
}

bool WelcomePanel::isDemoHintVisible() const
{
    return !m_hint->isHidden();
}

} // namespace cachescope
