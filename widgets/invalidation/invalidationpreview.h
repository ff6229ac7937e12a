#pragma once
// The preview half of the invalidation window: the running count while the connector scans,
// then how many keys match, their total size when the backend knows it, and the first keys
// found (escaped as the key list shows them, with the pool member for memcached).

#include "core/invalidationjob.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace cachescope {

class InvalidationPreview : public QWidget
{
    Q_OBJECT
public:
    explicit InvalidationPreview(QWidget *parent = nullptr);

    void clear(const QString &note = {});
    void showRunning(const InvalidationProgress &progress);
    void showReport(const InvalidationReport &report);

    QString statusText() const;
    QTreeWidget *sampleView() const { return m_sample; }

private:
    QLabel *m_status = nullptr;
    QLabel *m_warning = nullptr;
    QTreeWidget *m_sample = nullptr;
};

} // namespace cachescope
