#pragma once
// The right-hand panel: one key's value. Header (key, type, TTL, size, Edit TTL, Delete,
// Load all), a breadcrumb of how the value was decoded, then tabs: Text / JSON / Hex for
// strings, a paged table for collections ("Load more" follows KeyValue::nextCursor).
//
// Fetches go through the session's ConnectorHost; each answer carries the request id and
// anything but the latest request is dropped, so clicking through keys quickly never
// shows a stale value. Rendering (decoder chain, JSON, hex) runs on a worker thread.

#include "values/valuedecoder.h"

#include "core/error.h"
#include "core/keytypes.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace cachescope {

class CollectionTableModel;
class ConnectionSession;
class ErrorBanner;
struct RenderedValue;

class ValuePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ValuePanel(QWidget *parent = nullptr);
    ~ValuePanel() override;

    void setSession(ConnectionSession *session);
    void setDecoderChain(DecoderChain chain) { m_chain = std::move(chain); }
    void showKey(const QByteArray &key);
    void reload();
    void clear();
    QByteArray currentKey() const { return m_key; }
    // The latest value shown (for tests and copy actions).
    const KeyValue &currentValue() const { return m_value; }
    // Text tab contents.
    QString displayedText() const;

Q_SIGNALS:
    void deleteRequested(const QByteArray &key);
    void ttlChanged(const QByteArray &key);
    void valueShown(const QByteArray &key);

private:
    void fetch(const QByteArray &cursor, qint64 byteLimit);
    void onValueReady(quint64 id, const KeyValue &value);
    void onRequestFailed(quint64 id, const Error &error);
    void showRendered(const RenderedValue &r);
    void updateHeader();
    void updateActions();
    void editTtl();

    QPointer<ConnectionSession> m_session;
    DecoderChain m_chain;
    QByteArray m_key;
    KeyValue m_value;
    qint64 m_rowsLoaded = 0;
    quint64 m_valueId = 0;
    quint64 m_ttlId = 0;
    bool m_appending = false;
    quint64 m_renderGeneration = 0;
    QFutureWatcher<RenderedValue> *m_render = nullptr;

    bool m_userPickedTab = false;

    ErrorBanner *m_banner = nullptr;
    QWidget *m_header = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLabel *m_typeLabel = nullptr;
    QLabel *m_ttlLabel = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QLabel *m_breadcrumb = nullptr;
    QPushButton *m_editTtl = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_reload = nullptr;
    QPushButton *m_loadAll = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QProgressBar *m_spinner = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_textNote = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    QLabel *m_hexNote = nullptr;
    QTableView *m_table = nullptr;
    CollectionTableModel *m_tableModel = nullptr;
    QLabel *m_tableCount = nullptr;
    QPushButton *m_loadMore = nullptr;
};

} // namespace cachescope
