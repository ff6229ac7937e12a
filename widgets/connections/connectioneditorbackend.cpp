// ConnectionEditor: what changes with the backend (which rows show, default ports and
// servers). Kept apart so connectioneditor.cpp stays a readable size.
#include "connectioneditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <iterator>

namespace cachescope {

void ConnectionEditor::onBackendChanged()
{
    if (m_syncing) {
        updateTransportFields();
        return;
    }
    // A port that was some backend's default follows the backend; a chosen one stays.
    static constexpr quint16 Defaults[] = {6379, 11211, 0, 5432, 3306, 6379, 6379};
    const BackendChoice choice = backendChoice();
    m_syncing = true;
    if (std::find(std::begin(Defaults), std::end(Defaults), quint16(m_port->value())) != std::end(Defaults) &&
        Defaults[choice] != 0)
        m_port->setValue(Defaults[choice]);
    if (m_servers->text().trimmed().isEmpty()) {
        if (choice == MemcachedChoice)
            m_servers->setText(QStringLiteral("127.0.0.1:11211"));
        else if (choice == ClusterChoice)
            m_servers->setText(QStringLiteral("127.0.0.1:7000"));
        else if (choice == SentinelChoice)
            m_servers->setText(QStringLiteral("127.0.0.1:26379"));
    }
    if (choice == SentinelChoice && m_service->text().trimmed().isEmpty())
        m_service->setText(QStringLiteral("mymaster"));
    if (m_table->text().isEmpty())
        m_table->setText(QStringLiteral("django_cache"));
    if (m_timeZone->currentText().isEmpty())
        m_timeZone->setCurrentText(QStringLiteral("UTC"));
    m_syncing = false;
    updateTransportFields();
    onFieldEdited();
}

void ConnectionEditor::updateTransportFields()
{
    const BackendChoice choice = backendChoice();
    const bool redis = choice == RedisChoice;
    const bool sql = choice == PostgresChoice || choice == MysqlChoice;
    const bool dbTable = sql || choice == SqliteChoice;
    m_form->setRowVisible(m_transport, redis);
    m_form->setRowVisible(m_endpointRow, redis || sql);
    m_dbLabel->setVisible(redis);
    m_db->setVisible(redis);
    const bool serverList = choice == MemcachedChoice || choice == ClusterChoice || choice == SentinelChoice;
    m_form->setRowVisible(m_servers, serverList);
    m_form->setRowVisible(m_serviceRow, choice == SentinelChoice);
    m_form->setRowVisible(m_sentinelLoginRow, choice == SentinelChoice);
    m_servers->setToolTip(choice == ClusterChoice ? tr("Nodes to discover the cluster from: host:port separated by "
                                                       "commas (any node will do; more in case one is down)")
                          : choice == SentinelChoice ? tr("The Sentinels, host:port separated by commas "
                                                          "(port 26379 when left out)")
                                                     : tr("The pool, as in Django's LOCATION list: host:port "
                                                          "separated by commas"));
    m_form->setRowVisible(m_fileRow, choice == SqliteChoice);
    m_form->setRowVisible(m_database, sql);
    m_form->setRowVisible(m_table, dbTable);
    m_form->setRowVisible(m_timeZone, dbTable);
    m_form->setRowVisible(m_socket, redis);
    m_form->setRowVisible(m_tlsRow, redis);
    m_form->setRowVisible(m_user, choice != SqliteChoice);
    m_form->setRowVisible(m_password, choice != SqliteChoice);
    m_form->setRowVisible(m_passwordNote, choice != SqliteChoice);
    m_form->setRowVisible(m_serializer, choice == RedisChoice || choice == ClusterChoice || choice == SentinelChoice);
    m_form->setRowVisible(m_memcachedClient, choice == MemcachedChoice);
    m_scanCount->setToolTip(redis ? tr("SCAN COUNT hint: keys the server looks at per page")
                                  : tr("Keys read per page"));
    const bool anyRedis = redis || choice == ClusterChoice || choice == SentinelChoice;
    m_user->setPlaceholderText(anyRedis                    ? tr("default")
                               : choice == MemcachedChoice ? tr("SASL user (optional)")
                                                           : QString());
    if (!redis)
        return;
    const auto t = Transport(m_transport->currentData().toInt());
    m_host->setEnabled(t != Transport::Unix);
    m_port->setEnabled(t != Transport::Unix);
    m_socket->setEnabled(t == Transport::Unix);
    m_tlsRow->setEnabled(t == Transport::Tls);
}

} // namespace cachescope
