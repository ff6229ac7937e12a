#include "deleteconfirmation.h"

#include "common/format.h"
#include "core/keyescape.h"

#include <QMessageBox>
#include <QPushButton>

namespace cachescope {

QString describeKeysForDeletion(const QList<QByteArray> &keys, const QString &where, int shown)
{
    QStringList lines;
    const qsizetype n = qMin<qsizetype>(keys.size(), shown);
    for (qsizetype i = 0; i < n; ++i)
        lines.append(QStringLiteral("  ") + escapeKey(keys.at(i)));
    if (keys.size() > n)
        lines.append(QObject::tr("  … and %1 more").arg(formatCount(keys.size() - n)));
    const QString head = keys.size() == 1
                             ? QObject::tr("Delete this key from %1?").arg(where)
                             : QObject::tr("Delete these %1 keys from %2?").arg(formatCount(keys.size()), where);
    return head + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')) +
           QObject::tr("\n\nThis cannot be undone.");
}

void confirmDeletion(QWidget *parent, const QList<QByteArray> &keys, const QString &where,
                     std::function<void()> onConfirmed)
{
    auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("Delete keys"),
                                describeKeysForDeletion(keys, where), QMessageBox::Cancel, parent);
    box->setObjectName(QStringLiteral("confirmDelete"));
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *del = box->addButton(keys.size() == 1 ? QObject::tr("&Delete key")
                                                       : QObject::tr("&Delete %1 keys").arg(formatCount(keys.size())),
                                      QMessageBox::DestructiveRole);
    del->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->setDefaultButton(QMessageBox::Cancel);   // Enter must not delete by accident
    QObject::connect(box, &QMessageBox::buttonClicked, box, [del, onConfirmed](QAbstractButton *clicked) {
        if (clicked == del)
            onConfirmed();
    });
    box->setWindowModality(Qt::WindowModal);
    box->show();
}

void confirmRemoveExpired(QWidget *parent, const QString &where, std::function<void()> onConfirmed)
{
    auto *box = new QMessageBox(QMessageBox::Question, QObject::tr("Remove expired rows"),
                                QObject::tr("Delete every row of %1 whose expiry has passed?\n\nDjango treats them as "
                                            "missing already; it removes them itself only when a write culls the table.")
                                    .arg(where),
                                QMessageBox::Cancel, parent);
    box->setObjectName(QStringLiteral("confirmRemoveExpired"));
    QPushButton *remove = box->addButton(QObject::tr("Remove expired rows"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setWindowModality(Qt::WindowModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(box, &QMessageBox::finished, box, [box, remove, onConfirmed] {
        if (box->clickedButton() == remove)
            onConfirmed();
    });
    box->open();
}

} // namespace cachescope
