#pragma once
// Edit a key's TTL: a number of seconds, or "no expiry" (PERSIST).

#include <QDialog>

class QRadioButton;
class QSpinBox;

namespace cachescope {

class TtlDialog : public QDialog
{
    Q_OBJECT
public:
    // currentTtlMs uses the keytypes.h conventions (NoExpiry, TtlUnknown...).
    TtlDialog(const QString &keyText, qint64 currentTtlMs, QWidget *parent = nullptr);
    // Milliseconds to set, or NoExpiry to persist.
    qint64 ttlMs() const;

private:
    QRadioButton *m_expire = nullptr;
    QRadioButton *m_persist = nullptr;
    QSpinBox *m_seconds = nullptr;
};

} // namespace cachescope
