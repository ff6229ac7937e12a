#pragma once
// The form for one connection. The URL and the individual fields (backend, transport, host,
// port, db, user, password, TLS, socket, memcached servers, Sentinel service and the
// Sentinels' own login, SQL file / database / table / time zone, timeouts, read-only, scan
// count) are two views
// of one ConnectionSpec and are kept in sync: typing a URL fills the fields, editing a
// field rewrites the URL. A password typed into the URL (user:password@, or
// ?sentinel_password=) is moved to its password field when the URL field loses focus, so
// the URL shown (and saved) never carries it.
// Settings that are not part of the URL (name, separator, the site's django-redis
// serializer, the memcached client that wrote the values) live beside it in the
// SavedConnection.

#include "settings/savedconnection.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace cachescope {

class ConnectionEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionEditor(QWidget *parent = nullptr);
    ~ConnectionEditor() override;

    // spec.password is shown in the password field (from memory or the keychain).
    void setConnection(const SavedConnection &connection);
    // The edited connection, with the password from the password field in spec.password
    // (and, for Sentinel, the Sentinel password field's in spec.sentinelPassword).
    SavedConnection connection() const;
    // Empty when the form describes a usable connection; else what to fix.
    QString problem() const;
    void setPasswordNote(const QString &text);
    void focusUrl();

Q_SIGNALS:
    void edited();

private:
    void onUrlEdited(const QString &text);
    void onUrlEditingFinished();
    void onFieldEdited();
    void showSpec(const ConnectionSpec &spec, bool includingUrl);
    ConnectionSpec specFromFields() const;
    void updateTransportFields();
    void onBackendChanged();
    // The item data of m_backend (its order on screen groups the Redis kinds together).
    enum BackendChoice
    {
        RedisChoice,
        MemcachedChoice,
        SqliteChoice,
        PostgresChoice,
        MysqlChoice,
        ClusterChoice,
        SentinelChoice
    };
    BackendChoice backendChoice() const;
    ConnectionSpec rawSpecFromFields() const;

    SavedConnection m_connection;
    bool m_syncing = false;
    QString m_urlProblem;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_urlError = nullptr;
    QComboBox *m_transport = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_socket = nullptr;
    QSpinBox *m_db = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_passwordNote = nullptr;
    QLineEdit *m_caFile = nullptr;
    QCheckBox *m_verifyPeer = nullptr;
    QDoubleSpinBox *m_connectTimeout = nullptr;
    QDoubleSpinBox *m_commandTimeout = nullptr;
    QSpinBox *m_scanCount = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QCheckBox *m_production = nullptr;
    QLineEdit *m_separator = nullptr;
    QComboBox *m_serializer = nullptr;
    QComboBox *m_memcachedClient = nullptr; // memcached only: which client's flags to decode
    QWidget *m_tlsRow = nullptr;
    QComboBox *m_backend = nullptr;
    QLineEdit *m_servers = nullptr;     // memcached pool, Cluster seeds or Sentinels
    QWidget *m_serviceRow = nullptr;    // Sentinel: the service name and its database
    QLineEdit *m_service = nullptr;
    QWidget *m_sentinelLoginRow = nullptr; // Sentinel: the Sentinels' own user and password
    QLineEdit *m_sentinelUser = nullptr;
    QLineEdit *m_sentinelPassword = nullptr;
    QSpinBox *m_serviceDb = nullptr;
    QLineEdit *m_file = nullptr;
    QWidget *m_fileRow = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_table = nullptr;
    QComboBox *m_timeZone = nullptr;
    QLabel *m_dbLabel = nullptr;
    QWidget *m_endpointRow = nullptr;
    QFormLayout *m_form = nullptr;
};

} // namespace cachescope
