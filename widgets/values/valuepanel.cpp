#include "valuepanel.h"

#include "collectiontablemodel.h"
#include "common/errorbanner.h"
#include "codec/decodecontextfor.h"
#include "codec/djangokey.h"
#include "common/format.h"
#include "core/keyescape.h"
#include "decodedview.h"
#include "session/connectionsession.h"
#include "invalidation/auditrecorder.h"
#include "ttldialog.h"
#include "valuerenderer.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QtConcurrent>

namespace cachescope {

namespace {

enum Page { PlaceholderPage, LoadingPage, StringPage, CollectionPage };

// "Django key · prefix 'app' · version 1 · key 'str' · plain", with what the kind tells.
QString describeDjangoKey(const QByteArray &key)
{
    const DjangoKey k = DjangoKeyParser::parse(key);
    if (!k.isDjango())
        return {};
    QStringList parts{QObject::tr("Django key"),
                      QObject::tr("prefix '%1'").arg(escapeKey(k.prefix)),
                      QObject::tr("version %1").arg(k.version),
                      QObject::tr("key '%1'").arg(escapeKey(k.userKey)),
                      DjangoKeyParser::kindName(k.kind)};
    switch (k.kind) {
    case DjangoKeyKind::CachePagePage:
        parts.append(QString::fromUtf8(k.method));
        [[fallthrough]];
    case DjangoKeyKind::CachePageHeader:
        parts.append(QObject::tr("key_prefix '%1'").arg(escapeKey(k.keyPrefix)));
        parts.append(QObject::tr("URL md5 %1").arg(QString::fromLatin1(k.urlHash)));
        if (!k.language.isEmpty())
            parts.append(QObject::tr("language %1").arg(escapeKey(k.language)));
        if (!k.timeZone.isEmpty())
            parts.append(QObject::tr("time zone %1").arg(escapeKey(k.timeZone)));
        break;
    case DjangoKeyKind::TemplateFragment:
        parts.append(QObject::tr("fragment '%1'").arg(escapeKey(k.fragmentName)));
        break;
    case DjangoKeyKind::Session:
        parts.append(QObject::tr("session %1").arg(escapeKey(k.sessionKey)));
        break;
    default:
        break;
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

ValuePanel::ValuePanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("valuePanel"));
    m_banner = new ErrorBanner(this);
    m_keyLabel = new QLabel;
    m_keyLabel->setObjectName(QStringLiteral("valueKey"));
    m_keyLabel->setTextFormat(Qt::PlainText);
    m_keyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_keyLabel->setWordWrap(true);
    QFont big = m_keyLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    big.setBold(true);
    m_keyLabel->setFont(big);
    m_typeLabel = new QLabel;
    m_typeLabel->setObjectName(QStringLiteral("valueType"));
    m_ttlLabel = new QLabel;
    m_ttlLabel->setObjectName(QStringLiteral("valueTtl"));
    m_sizeLabel = new QLabel;
    m_storeLabel = new QLabel;
    m_storeLabel->setObjectName(QStringLiteral("valueStore"));
    m_storeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editTtl = new QPushButton(tr("Edit &TTL…"));
    m_editTtl->setObjectName(QStringLiteral("editTtlButton"));
    m_delete = new QPushButton(tr("Delete"));
    m_delete->setObjectName(QStringLiteral("deleteValueButton"));
    m_reload = new QPushButton(tr("Reload"));
    m_loadAll = new QPushButton(tr("Load all"));
    m_loadAll->setObjectName(QStringLiteral("loadAllButton"));
    m_loadAll->setToolTip(tr("Read the whole value, not only the first part"));
    m_breadcrumb = new QLabel;
    m_breadcrumb->setObjectName(QStringLiteral("breadcrumb"));
    m_breadcrumb->setTextFormat(Qt::PlainText);
    m_breadcrumb->setToolTip(tr("How the stored bytes were decoded, step by step"));
    m_breadcrumb->setWordWrap(true);
    m_djangoKey = new QLabel;
    m_djangoKey->setObjectName(QStringLiteral("djangoKey"));
    m_djangoKey->setTextFormat(Qt::PlainText);
    m_djangoKey->setWordWrap(true);
    m_djangoKey->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *facts = new QHBoxLayout;
    facts->addWidget(m_typeLabel);
    facts->addSpacing(12);
    facts->addWidget(m_sizeLabel);
    facts->addSpacing(12);
    facts->addWidget(m_ttlLabel);
    facts->addSpacing(12);
    facts->addWidget(m_storeLabel);
    facts->addStretch(1);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_editTtl);
    actions->addWidget(m_delete);
    actions->addWidget(m_reload);
    actions->addWidget(m_loadAll);
    actions->addStretch(1);

    m_placeholder = new QLabel(tr("Select a key to see its value."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);
    auto *loading = new QWidget;
    auto *loadingLayout = new QVBoxLayout(loading);
    auto *loadingLabel = new QLabel(tr("Loading…"));
    loadingLabel->setAlignment(Qt::AlignCenter);
    m_spinner = new QProgressBar;
    m_spinner->setRange(0, 0);
    m_spinner->setMaximumWidth(200);
    loadingLayout->addStretch(1);
    loadingLayout->addWidget(loadingLabel);
    loadingLayout->addWidget(m_spinner, 0, Qt::AlignHCenter);
    loadingLayout->addStretch(2);

    m_decodedView = new DecodedView;
    m_tableModel = new CollectionTableModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("collectionTable"));
    m_table->setModel(m_tableModel);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableCount = new QLabel;
    m_loadMore = new QPushButton(tr("Load more"));
    m_loadMore->setObjectName(QStringLiteral("loadMoreButton"));
    auto *tablePage = new QWidget;
    auto *tableLayout = new QVBoxLayout(tablePage);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table, 1);
    auto *more = new QHBoxLayout;
    more->addWidget(m_tableCount, 1);
    more->addWidget(m_loadMore);
    tableLayout->addLayout(more);


    m_stack = new QStackedWidget;
    m_stack->insertWidget(PlaceholderPage, m_placeholder);
    m_stack->insertWidget(LoadingPage, loading);
    m_stack->insertWidget(StringPage, m_decodedView);
    m_stack->insertWidget(CollectionPage, tablePage);

    m_header = new QWidget;
    auto *headerLayout = new QVBoxLayout(m_header);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    headerLayout->addWidget(m_keyLabel);
    headerLayout->addWidget(m_djangoKey);
    headerLayout->addLayout(facts);
    headerLayout->addLayout(actions);
    headerLayout->addWidget(m_breadcrumb);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_banner);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    m_render = new QFutureWatcher<RenderedValue>(this);
    connect(m_render, &QFutureWatcher<RenderedValue>::finished, this, [this] {
        if (m_render->property("generation").toULongLong() == m_renderGeneration)
            showRendered(m_render->result());
    });
    connect(m_editTtl, &QPushButton::clicked, this, &ValuePanel::editTtl);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (!m_key.isNull())
            Q_EMIT deleteRequested(m_key);
    });
    connect(m_reload, &QPushButton::clicked, this, &ValuePanel::reload);
    connect(m_banner, &ErrorBanner::actionTriggered, this, &ValuePanel::reload);   // its only action: Retry
    connect(m_loadAll, &QPushButton::clicked, this, [this] { fetch("0", -1); });
    connect(m_loadMore, &QPushButton::clicked, this, [this] {
        if (!m_value.nextCursor.isEmpty())
            fetch(m_value.nextCursor, 1024 * 1024);
    });
    clear();
}

ValuePanel::~ValuePanel()
{
    m_render->waitForFinished();
}

void ValuePanel::setSession(ConnectionSession *session)
{
    if (m_session)
        m_session->disconnect(this);
    m_session = session;
    clear();
    m_banner->hide();
    if (!session || !session->connector())
        return;
    Connector *c = session->connector();
    connect(c, &Connector::valueReady, this, &ValuePanel::onValueReady);
    connect(c, &Connector::requestFailed, this, &ValuePanel::onRequestFailed);
    connect(c, &Connector::ttlChanged, this, [this](quint64 id, const QByteArray &key, bool applied) {
        if (id != m_ttlId)
            return;
        auditTtl(key, applied ? 1 : 0, QStringLiteral("completed"), applied ? QString() : tr("the key no longer exists"));
        if (!applied)
            m_banner->showMessage(tr("The TTL was not changed: the key %1 no longer exists. Reload the key list.")
                                      .arg(escapeKey(key)), ErrorBanner::Level::Warning);
        Q_EMIT ttlChanged(key);
        if (key == m_key)
            reload();
    });
}

void ValuePanel::clear()
{
    m_key = QByteArray();
    m_value = KeyValue();
    m_valueId = 0;
    ++m_renderGeneration;
    m_keyLabel->clear();
    m_typeLabel->clear();
    m_ttlLabel->clear();
    m_sizeLabel->clear();
    m_breadcrumb->clear();
    m_djangoKey->clear();
    m_decoded = DecodedValue();
    m_decodedView->clear();
    m_stack->setCurrentIndex(PlaceholderPage);
    m_header->hide();
    updateActions();
}

void ValuePanel::showKey(const QByteArray &key)
{
    m_key = key;
    m_value = KeyValue();
    m_value.key = key;
    m_banner->hide();
    m_keyLabel->setText(escapeKey(key));
    const QString django = describeDjangoKey(key);
    m_djangoKey->setText(django);
    m_djangoKey->setVisible(!django.isEmpty());
    m_header->show();
    m_keyLabel->setToolTip(keyNeedsEscaping(key) ? tr("Shown escaped: the key holds bytes that are not printable")
                                                 : QString());
    fetch("0", 1024 * 1024);
}

void ValuePanel::reload()
{
    if (!m_key.isNull())
        showKey(m_key);
}

QString ValuePanel::displayedText() const
{
    return m_decodedView->text();
}

QString ValuePanel::displayedRepr() const
{
    return m_decodedView->reprText();
}

DecodeContext ValuePanel::decodeContext(const KeyValue &value) const
{
    if (!m_session)
        return decodeContextFor(BackendKind::Redis, value);
    const SavedConnection &c = m_session->connection();
    return decodeContextFor(c.spec.backend, value, c.decodeSettings());
}

void ValuePanel::fetch(const QByteArray &cursor, qint64 byteLimit)
{
    if (!m_session || !m_session->host() || m_key.isNull())
        return;
    ValueRequest request;
    request.key = m_key;
    request.cursor = cursor;
    request.byteLimit = byteLimit;
    m_appending = cursor != "0";
    m_valueId = m_session->host()->fetchValue(request);
    if (m_appending) {
        m_loadMore->setEnabled(false);
        m_loadMore->setText(tr("Loading…"));
    } else {
        ++m_renderGeneration;
        m_stack->setCurrentIndex(LoadingPage);
    }
    updateActions();
}

void ValuePanel::onValueReady(quint64 id, const KeyValue &value)
{
    if (id != m_valueId)
        return;   // the user has moved on
    m_valueId = 0;
    const bool append = m_appending && value.type == m_value.type;
    m_value = value;
    updateHeader();
    if (!value.exists()) {
        m_stack->setCurrentIndex(PlaceholderPage);
        m_banner->showMessage(tr("The key %1 no longer exists (it expired or was deleted). Press F5 to reload "
                                 "the key list.").arg(escapeKey(m_key)), ErrorBanner::Level::Warning);
        updateActions();
        return;
    }
    if (value.type == KeyType::String) {
        const quint64 generation = ++m_renderGeneration;
        m_render->setProperty("generation", generation);
        m_render->setFuture(QtConcurrent::run(renderStringValue, value, decodeContext(value)));
    } else {
        if (!append)
            m_tableModel->reset(value.type);
        m_tableModel->appendPage(value.elements);
        m_rowsLoaded = m_tableModel->rowCount();
        m_tableCount->setText(tr("%1 of %2 shown").arg(formatCount(m_rowsLoaded), formatCount(value.length)));
        m_loadMore->setText(tr("Load more"));
        m_loadMore->setVisible(!value.nextCursor.isEmpty());
        m_loadMore->setEnabled(true);
        m_breadcrumb->setText(tr("%1, %2 elements").arg(keyTypeName(value.type), formatCount(value.length)));
        m_stack->setCurrentIndex(CollectionPage);
        if (!append)
            m_table->resizeColumnToContents(0);
        Q_EMIT valueShown(m_key);
    }
    updateActions();
}

void ValuePanel::showRendered(const RenderedValue &r)
{
    m_decoded = r.decoded;
    m_breadcrumb->setText(r.breadcrumb);
    m_breadcrumb->setToolTip(r.decoded.notes.join(QLatin1Char('\n')));
    m_decodedView->showValue(r);
    m_stack->setCurrentIndex(StringPage);
    Q_EMIT valueShown(m_key);
}

void ValuePanel::onRequestFailed(quint64 id, const Error &error)
{
    if (id == m_valueId) {
        m_valueId = 0;
        m_stack->setCurrentIndex(m_appending ? CollectionPage : PlaceholderPage);
        m_loadMore->setText(tr("Load more"));
        m_loadMore->setEnabled(true);
        m_banner->showMessage(tr("Could not read %1: %2").arg(escapeKey(m_key), error.message),
                              ErrorBanner::Level::Error, tr("Retry"));
    } else if (id == m_ttlId) {
        m_banner->showMessage(tr("The TTL was not changed: %1").arg(error.message));
        auditTtl(m_ttlKey, 0, error.kind == ErrorKind::ReadOnly ? QStringLiteral("refused") : QStringLiteral("failed"),
                 error.message);
    }
    updateActions();
}

void ValuePanel::updateHeader()
{
    m_typeLabel->setText(tr("Type: %1").arg(keyTypeName(m_value.type)));
    m_ttlLabel->setText(m_value.expired ? tr("TTL: expired (Django reads it as a miss)")
                                        : tr("TTL: %1").arg(formatTtl(m_value.ttlMs)));
    const bool memcached = m_session && m_session->connection().spec.backend == BackendKind::Memcached;
    m_storeLabel->setVisible(memcached && m_value.exists());
    if (memcached)
        m_storeLabel->setText(tr("Server: %1  Flags: %2").arg(m_value.server).arg(m_value.flags));
    m_sizeLabel->setText(m_value.type == KeyType::String ? tr("Size: %1").arg(formatBytes(m_value.length))
                                                         : tr("Elements: %1").arg(formatCount(m_value.length)));
}

void ValuePanel::updateActions()
{
    const bool haveKey = !m_key.isNull() && m_session;
    const bool readOnly = m_session && m_session->isReadOnly();
    const QString why = tr("This connection is read-only (see its settings): deleting keys and changing TTLs "
                           "are disabled.");
    for (QPushButton *b : {m_editTtl, m_delete}) {
        b->setEnabled(haveKey && !readOnly && m_value.exists());
        b->setToolTip(readOnly ? why : QString());
    }
    m_reload->setEnabled(haveKey);
    m_loadAll->setVisible(m_value.type == KeyType::String && m_value.truncated);
}

void ValuePanel::editTtl()
{
    if (!m_session || !m_session->host() || m_key.isNull())
        return;
    auto *dialog = new TtlDialog(escapeKey(m_key), m_value.ttlMs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QByteArray key = m_key;
    connect(dialog, &QDialog::accepted, this, [this, dialog, key] {
        if (m_session && m_session->host()) {
            m_ttlKey = key;
            m_ttlRequestedMs = dialog->ttlMs();
            m_ttlStarted.start();
            m_ttlId = m_session->host()->setTtl(key, dialog->ttlMs());
        }
    });
    dialog->open();
}

void ValuePanel::auditTtl(const QByteArray &key, qint64 affected, const QString &outcome, const QString &error)
{
    if (!m_session)
        return;
    const QString ttl = m_ttlRequestedMs < 0 ? tr("no expiry") : formatTtl(m_ttlRequestedMs);
    const QString problem =
        recordGuiWrite(m_session->connection(), {QStringLiteral("set-ttl"), tr("key %1 TTL %2").arg(escapeKey(key), ttl),
                                                 affected, m_ttlStarted.elapsed(), outcome, error, {key}});
    if (!problem.isEmpty())
        m_banner->showMessage(problem, ErrorBanner::Level::Warning);
    else
        Q_EMIT auditWritten();
}

} // namespace cachescope
