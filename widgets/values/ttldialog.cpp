#include "ttldialog.h"

#include "core/keytypes.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QSpinBox>

namespace cachescope {

TtlDialog::TtlDialog(const QString &keyText, qint64 currentTtlMs, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("ttlDialog"));
    setWindowTitle(tr("Edit TTL"));
    auto *key = new QLabel(keyText);
    key->setTextFormat(Qt::PlainText);
    key->setWordWrap(true);
    key->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_expire = new QRadioButton(tr("Expire in"));
    m_persist = new QRadioButton(tr("No expiry (PERSIST)"));
    m_persist->setObjectName(QStringLiteral("persistRadio"));
    m_seconds = new QSpinBox;
    m_seconds->setObjectName(QStringLiteral("ttlSeconds"));
    m_seconds->setRange(1, 10 * 365 * 86400);
    m_seconds->setSuffix(tr(" s"));
    m_seconds->setValue(currentTtlMs > 0 ? int(qMin<qint64>((currentTtlMs + 999) / 1000, m_seconds->maximum())) : 3600);
    (currentTtlMs == NoExpiry ? m_persist : m_expire)->setChecked(true);
    connect(m_expire, &QRadioButton::toggled, m_seconds, &QWidget::setEnabled);
    m_seconds->setEnabled(m_expire->isChecked());

    auto *row = new QHBoxLayout;
    row->addWidget(m_expire);
    row->addWidget(m_seconds, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(key);
    layout->addLayout(row);
    layout->addWidget(m_persist);
    layout->addWidget(buttons);
}

qint64 TtlDialog::ttlMs() const
{
    return m_persist->isChecked() ? NoExpiry : qint64(m_seconds->value()) * 1000;
}

} // namespace cachescope
