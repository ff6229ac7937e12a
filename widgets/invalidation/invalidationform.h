#pragma once
// The "what to invalidate" half of the invalidation window: the kind (selected keys, glob,
// namespace PREFIX:VERSION, prefix, versions older than N, a cached page, a version
// counter to bump) and its fields, soft mode (a TTL instead of a delete) and the rate cap.
// It only edits an InvalidationTarget; planning and running are the dialog's.

#include "ops/invalidationplanner.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace cachescope {

class InvalidationForm : public QWidget
{
    Q_OBJECT
public:
    explicit InvalidationForm(QWidget *parent = nullptr);

    void setTarget(const InvalidationTarget &target);
    // The target as edited; keys typed in the keys box are unescaped (keyescape.h).
    InvalidationTarget target() const;
    // Empty when target() can be planned; else what to fix.
    QString problem() const;
    int rateLimit() const;
    void setRateLimit(int keysPerSecond);
    InvalidationTarget::Kind kind() const;

Q_SIGNALS:
    void edited();

private:
    void showFieldsFor(InvalidationTarget::Kind kind);

    QComboBox *m_kind = nullptr;
    QFormLayout *m_form = nullptr;
    QPlainTextEdit *m_keys = nullptr;
    QLineEdit *m_pattern = nullptr;
    QLineEdit *m_prefix = nullptr;
    QSpinBox *m_version = nullptr;
    QLabel *m_versionHint = nullptr;
    QLineEdit *m_pageUrl = nullptr;
    QLineEdit *m_pagePrefix = nullptr;
    QLineEdit *m_bumpKey = nullptr;
    QCheckBox *m_soft = nullptr;
    QSpinBox *m_softTtl = nullptr;
    QSpinBox *m_rate = nullptr;
};

} // namespace cachescope
