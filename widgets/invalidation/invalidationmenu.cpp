#include "invalidationmenu.h"

#include "codec/namespaceindex.h"

#include <QCoreApplication>
#include <QMenu>

namespace cachescope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cachescope::InvalidationMenu", text);
}

void addTarget(QMenu *menu, const QString &text, const char *name, const InvalidationTarget &target,
               const InvalidationChosen &chosen)
{
    QAction *a = menu->addAction(text);
    a->setObjectName(QLatin1StringView(name));
    QObject::connect(a, &QAction::triggered, menu, [target, chosen] { chosen(target); });
}

} // namespace

QList<InvalidationTarget> targetsForKey(const QByteArray &key)
{
    QList<InvalidationTarget> out;
    const NamespaceIndex::Split split = NamespaceIndex::split(key);
    if (split.django) {
        InvalidationTarget ns;
        ns.kind = InvalidationTarget::Kind::Namespace;
        ns.prefix = split.prefix.toByteArray();
        ns.version = split.version;
        out.append(ns);
    }
    // A non-Django key groups by the text before its first ':'; without one there is no prefix.
    if (!split.prefix.isEmpty() && (split.django || split.prefix.size() < key.size())) {
        InvalidationTarget prefix;
        prefix.kind = InvalidationTarget::Kind::Prefix;
        prefix.prefix = split.prefix.toByteArray();
        out.append(prefix);
    }
    return out;
}

void addKeyInvalidationActions(QMenu *menu, const QList<QByteArray> &selected, const QByteArray &key,
                               const InvalidationChosen &chosen)
{
    if (!selected.isEmpty()) {
        InvalidationTarget keys;
        keys.keys = selected;
        addTarget(menu,
                  selected.size() == 1 ? tr("Invalidate this key…")
                                       : tr("Invalidate the %1 selected keys…").arg(selected.size()),
                  "invalidateSelectedAction", keys, chosen);
    }
    const QByteArray about = !key.isNull() ? key : selected.isEmpty() ? QByteArray() : selected.constFirst();
    if (about.isNull())
        return;
    for (const InvalidationTarget &t : targetsForKey(about)) {
        const bool ns = t.kind == InvalidationTarget::Kind::Namespace;
        addTarget(menu, tr("Invalidate %1…").arg(describeTarget(t)),
                  ns ? "invalidateNamespaceAction" : "invalidatePrefixAction", t, chosen);
    }
}

void addNamespaceInvalidationActions(QMenu *menu, const QByteArray &prefix, int version, bool versionRow,
                                     const InvalidationChosen &chosen)
{
    InvalidationTarget t;
    t.prefix = prefix;
    if (versionRow) {
        t.kind = InvalidationTarget::Kind::Namespace;
        t.version = version;
        addTarget(menu, tr("Invalidate %1…").arg(describeTarget(t)), "invalidateNamespaceAction", t, chosen);
        t.kind = InvalidationTarget::Kind::OlderThan;
        addTarget(menu, tr("Invalidate versions of %1 older than %2…").arg(QString::fromUtf8(prefix)).arg(version),
                  "invalidateOlderAction", t, chosen);
    } else {
        t.kind = InvalidationTarget::Kind::Prefix;
        addTarget(menu, tr("Invalidate %1 (every version)…").arg(describeTarget(t)), "invalidatePrefixAction", t,
                  chosen);
    }
}

} // namespace cachescope
