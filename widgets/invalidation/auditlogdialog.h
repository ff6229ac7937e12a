#pragma once
// The Audit log window: every write recorded by the GUI and the CLI (AuditLog's file),
// newest first, with a filter over every field, Refresh, and export of the rows shown as
// CSV or JSON lines. Non-modal; the main window refreshes it when a write was recorded.
// Reading the file is local disk I/O of a small text file: done on the GUI thread.

#include <QDialog>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace cachescope {

class AuditLogModel;
struct AuditEntry;

class AuditLogDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AuditLogDialog(QWidget *parent = nullptr);

    void refresh();
    void setFilterText(const QString &text);
    // The entries the filter leaves, in the order shown.
    QList<AuditEntry> shownEntries() const;
    // Write shownEntries(); false with *error on failure.
    bool exportCsv(const QString &path, QString *error = nullptr) const;
    bool exportJsonLines(const QString &path, QString *error = nullptr) const;

    AuditLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

private:
    void exportAs(bool csv);
    void updateStatus();

    AuditLogModel *m_model = nullptr;
    QSortFilterProxyModel *m_filtered = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_status = nullptr;
    int m_skipped = 0;
};

} // namespace cachescope
