#include "auditlogdialog.h"

#include "auditlogmodel.h"
#include "common/format.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace cachescope {

namespace {

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

} // namespace

AuditLogDialog::AuditLogDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("auditLogDialog"));
    setWindowTitle(tr("Audit log — CacheScope"));
    setSizeGripEnabled(true);
    m_model = new AuditLogModel(this);
    m_filtered = new QSortFilterProxyModel(this);
    m_filtered->setSourceModel(m_model);
    m_filtered->setFilterRole(AuditLogModel::FilterRole);
    m_filtered->setFilterKeyColumn(0);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("auditTable"));
    m_view->setModel(m_filtered);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(AuditLogModel::TargetColumn, QHeaderView::Stretch);
    // Widths from what the columns hold (a header word, a timestamp, a count), not from
    // the rows: the log may be long and sizing to contents would read all of it.
    const QFontMetrics fm = header->fontMetrics();
    const auto fit = [&](int column, const QString &widest) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, qMax(fm.horizontalAdvance(title), fm.horizontalAdvance(widest)) + 24);
    };
    fit(AuditLogModel::TimeColumn, QStringLiteral("2026-11-23 03:12:59"));
    fit(AuditLogModel::UserColumn, QStringLiteral("operator"));
    fit(AuditLogModel::ConnectionColumn, QStringLiteral("production redis"));
    fit(AuditLogModel::OperationColumn, QStringLiteral("remove-expired"));
    fit(AuditLogModel::PreviewColumn, QStringLiteral("1,000,000"));
    fit(AuditLogModel::AffectedColumn, QStringLiteral("1,000,000"));
    fit(AuditLogModel::OutcomeColumn, QStringLiteral("completed"));
    fit(AuditLogModel::DurationColumn, QStringLiteral("12,345 ms"));

    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("auditFilter"));
    m_filter->setPlaceholderText(tr("Filter: user, connection, operation, pattern, outcome…"));
    m_filter->setClearButtonEnabled(true);
    auto *refreshButton = new QPushButton(tr("&Refresh"));
    refreshButton->setObjectName(QStringLiteral("auditRefresh"));
    auto *csv = new QPushButton(tr("Export &CSV…"));
    csv->setObjectName(QStringLiteral("auditExportCsv"));
    auto *jsonl = new QPushButton(tr("Export &JSON lines…"));
    jsonl->setObjectName(QStringLiteral("auditExportJson"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(refreshButton);
    top->addWidget(csv);
    top->addWidget(jsonl);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filtered->setFilterFixedString(text);
        updateStatus();
    });
    connect(refreshButton, &QPushButton::clicked, this, &AuditLogDialog::refresh);
    connect(csv, &QPushButton::clicked, this, [this] { exportAs(true); });
    connect(jsonl, &QPushButton::clicked, this, [this] { exportAs(false); });
    resize(1000, 520);
    refresh();
}

void AuditLogDialog::refresh()
{
    const AuditLog log;
    m_model->setEntries(log.readAll(&m_skipped));
    updateStatus();
}

void AuditLogDialog::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

void AuditLogDialog::updateStatus()
{
    QString text = tr("%1 of %2 entries · %3")
                       .arg(formatCount(m_filtered->rowCount()), formatCount(m_model->rowCount()), AuditLog().path());
    if (m_skipped > 0)
        text += tr(" · %1 unreadable line(s) skipped").arg(m_skipped);
    m_status->setText(text);
}

QList<AuditEntry> AuditLogDialog::shownEntries() const
{
    QList<AuditEntry> out;
    for (int r = 0; r < m_filtered->rowCount(); ++r)
        out.append(m_model->entryAt(m_filtered->mapToSource(m_filtered->index(r, 0)).row()));
    return out;
}

bool AuditLogDialog::exportCsv(const QString &path, QString *error) const
{
    return writeFile(path, AuditLogModel::toCsv(shownEntries()), error);
}

bool AuditLogDialog::exportJsonLines(const QString &path, QString *error) const
{
    return writeFile(path, AuditLogModel::toJsonLines(shownEntries()), error);
}

void AuditLogDialog::exportAs(bool csv)
{
    auto *dialog = new QFileDialog(this, csv ? tr("Export the audit log as CSV") : tr("Export the audit log as JSON lines"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(csv ? tr("CSV (*.csv)") : tr("JSON lines (*.jsonl)"));
    dialog->setDefaultSuffix(csv ? QStringLiteral("csv") : QStringLiteral("jsonl"));
    dialog->selectFile(csv ? QStringLiteral("audit.csv") : QStringLiteral("audit.jsonl"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, csv](const QString &path) {
        QString error;
        if (!(csv ? exportCsv(path, &error) : exportJsonLines(path, &error)))
            QMessageBox::warning(this, tr("Export failed"), tr("%1 was not written: %2").arg(path, error));
        else
            m_status->setText(tr("Exported %1 entries to %2").arg(shownEntries().size()).arg(path));
    });
    dialog->open();
}

} // namespace cachescope
