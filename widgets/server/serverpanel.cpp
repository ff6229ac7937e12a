#include "serverpanel.h"

#include "session/connectionsession.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHideEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cachescope {

namespace {

QString tableTitle(const ServerStats &t)
{
    // Section first: a narrow list still shows what the table is.
    return t.server.isEmpty() ? t.section : t.section + QStringLiteral(" · ") + t.server;
}

} // namespace

ServerPanel::ServerPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("serverPanel"));
    m_sections = new QListWidget;
    m_sections->setObjectName(QStringLiteral("serverSections"));
    m_table = new QTableWidget;
    m_table->setObjectName(QStringLiteral("serverTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(false); // rows stay in the server's order
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_refresh = new QPushButton(tr("&Refresh"));
    m_refresh->setObjectName(QStringLiteral("serverRefresh"));
    m_refresh->setToolTip(tr("Read the statistics again (also every %1 s while this tab is shown)")
                              .arg(RefreshIntervalMs / 1000));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("serverStatus"));
    m_status->setTextFormat(Qt::PlainText);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_sections);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({fontMetrics().horizontalAdvance(QLatin1Char('M')) * 20, 1000});
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    m_timer.setInterval(RefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ServerPanel::refresh);
    connect(m_refresh, &QPushButton::clicked, this, &ServerPanel::refresh);
    connect(m_sections, &QListWidget::currentRowChanged, this, &ServerPanel::showTable);
    setSession(nullptr);
}

void ServerPanel::setSession(ConnectionSession *session)
{
    if (m_session && m_session->connector())
        m_session->connector()->disconnect(this);
    m_session = session;
    m_requestId = 0;
    m_tables.clear();
    m_sections->clear();
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_status->setText(session ? QString() : tr("Not connected"));
    if (session) {
        if (Connector *c = session->connector()) {
            connect(c, &Connector::serverStatsReady, this, &ServerPanel::onStats);
            connect(c, &Connector::requestFailed, this, &ServerPanel::onFailed);
        }
        // Connected sessions answer now; a session still connecting gets asked when it opens.
        connect(session, &ConnectionSession::opened, this, [this] {
            if (isVisible())
                refresh();
        });
        if (isVisible())
            refresh();
    }
}

void ServerPanel::refresh()
{
    if (m_requestId || !m_session || !m_session->host() ||
        m_session->state() != ConnectionSession::State::Connected)
        return;
    m_requestId = m_session->host()->fetchServerStats();
    m_refresh->setEnabled(false);
}

void ServerPanel::onStats(quint64 id, const QList<ServerStats> &tables)
{
    if (id != m_requestId)
        return;
    m_requestId = 0;
    m_refresh->setEnabled(true);
    const QString current = m_sections->currentItem() ? m_sections->currentItem()->text() : QString();
    m_tables = tables;
    {
        const QSignalBlocker block(m_sections);
        m_sections->clear();
        for (const ServerStats &t : tables)
            m_sections->addItem(tableTitle(t));
    }
    int row = 0;
    for (int i = 0; i < tables.size(); ++i) {
        if (tableTitle(tables.at(i)) == current)
            row = i;
    }
    m_status->setText(tr("%n table(s), read at %1", nullptr, int(tables.size()))
                          .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    if (!tables.isEmpty())
        m_sections->setCurrentRow(row);
    showTable(row);
}

void ServerPanel::onFailed(quint64 id, const Error &error)
{
    if (id != m_requestId)
        return;
    m_requestId = 0;
    m_refresh->setEnabled(true);
    m_status->setText(tr("Statistics unavailable: %1").arg(error.message));
}

void ServerPanel::showTable(int row)
{
    m_table->clear();
    if (row < 0 || row >= m_tables.size()) {
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        return;
    }
    const ServerStats &t = m_tables.at(row);
    m_table->setColumnCount(int(t.columns.size()));
    m_table->setHorizontalHeaderLabels(t.columns);
    m_table->setRowCount(int(t.rows.size()));
    for (int r = 0; r < t.rows.size(); ++r) {
        const QStringList &cells = t.rows.at(r);
        for (int c = 0; c < cells.size() && c < t.columns.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            bool number = false;
            cells.at(c).toDouble(&number);
            if (number)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void ServerPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer.start();
    refresh();
}

void ServerPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

} // namespace cachescope
