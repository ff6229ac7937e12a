#pragma once
// The question asked before keys are deleted. It names the keys (escaped, so a key with
// a newline or invalid UTF-8 is shown as it is), the first 20 and "and N more", so the
// operator sees what will go before it goes.

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

class QWidget;

namespace cachescope {

// The body text: escaped key names, one per line, at most `shown` of them.
QString describeKeysForDeletion(const QList<QByteArray> &keys, const QString &where, int shown = 20);

// Opens a window-modal question (QMessageBox with objectName "confirmDelete") and
// calls onConfirmed() if the user says Delete. Does not block: no nested event loop.
void confirmDeletion(QWidget *parent, const QList<QByteArray> &keys, const QString &where,
                     std::function<void()> onConfirmed);

// DB cache table: "Delete every row of <where> whose expiry has passed?" (window-modal
// QMessageBox "confirmRemoveExpired"); onConfirmed() if the user says so. Does not block.
void confirmRemoveExpired(QWidget *parent, const QString &where, std::function<void()> onConfirmed);

} // namespace cachescope
