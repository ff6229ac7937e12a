#pragma once
// The right-hand panel: one key's value. Header (key, how Django's key scheme reads it,
// type, TTL, size, Edit TTL, Delete, Load all), a breadcrumb of how the value was decoded
// ("zlib → pickle v4 → dict, 3 items"), then for strings the DecodedView tabs (Response,
// Tree, Python, JSON, Text, Hex) and for collections a paged table ("Load more" follows
// KeyValue::nextCursor).
//
// Fetches go through the session's ConnectorHost; each answer carries the request id and
// anything but the latest request is dropped, so clicking through keys quickly never
// shows a stale value. Decoding (the codec's ValueDecoder, with the connection's
// serializer setting) and rendering run on a worker thread; only the newest render is shown.

#include "codec/valuedecoder.h"
#include "core/error.h"
#include "core/keytypes.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace cachescope {

class CollectionTableModel;
class ConnectionSession;
class DecodedView;
class ErrorBanner;
struct RenderedValue;

class ValuePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ValuePanel(QWidget *parent = nullptr);
    ~ValuePanel() override;

    void setSession(ConnectionSession *session);
    void showKey(const QByteArray &key);
    void reload();
    void clear();
    QByteArray currentKey() const { return m_key; }
    // The latest value shown (for tests and copy actions).
    const KeyValue &currentValue() const { return m_value; }
    // Text tab contents.
    QString displayedText() const;
    // Python tab contents (repr of the decoded value).
    QString displayedRepr() const;
    // How the codec read the latest string value (empty chain until it has been rendered).
    const DecodedValue &decodedValue() const { return m_decoded; }

Q_SIGNALS:
    void deleteRequested(const QByteArray &key);
    void ttlChanged(const QByteArray &key);
    // A TTL change was appended to the audit log.
    void auditWritten();
    void valueShown(const QByteArray &key);

private:
    void fetch(const QByteArray &cursor, qint64 byteLimit);
    void onValueReady(quint64 id, const KeyValue &value);
    void onRequestFailed(quint64 id, const Error &error);
    void showRendered(const RenderedValue &r);
    void updateHeader();
    void updateActions();
    void editTtl();
    void auditTtl(const QByteArray &key, qint64 affected, const QString &outcome, const QString &error);

    QPointer<ConnectionSession> m_session;
    DecodeContext decodeContext(const KeyValue &value) const;

    DecodedValue m_decoded;
    QByteArray m_key;
    KeyValue m_value;
    qint64 m_rowsLoaded = 0;
    quint64 m_valueId = 0;
    quint64 m_ttlId = 0;
    QByteArray m_ttlKey;
    qint64 m_ttlRequestedMs = 0;
    QElapsedTimer m_ttlStarted;
    bool m_appending = false;
    quint64 m_renderGeneration = 0;
    QFutureWatcher<RenderedValue> *m_render = nullptr;

    ErrorBanner *m_banner = nullptr;
    QWidget *m_header = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLabel *m_typeLabel = nullptr;
    QLabel *m_ttlLabel = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QLabel *m_storeLabel = nullptr; // memcached: server and flags
    QLabel *m_breadcrumb = nullptr;
    QLabel *m_djangoKey = nullptr;
    QPushButton *m_editTtl = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_reload = nullptr;
    QPushButton *m_loadAll = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QProgressBar *m_spinner = nullptr;
    DecodedView *m_decodedView = nullptr;
    QTableView *m_table = nullptr;
    CollectionTableModel *m_tableModel = nullptr;
    QLabel *m_tableCount = nullptr;
    QPushButton *m_loadMore = nullptr;
};

} // namespace cachescope
