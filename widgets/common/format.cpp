#include "format.h"

#include "core/keytypes.h"

#include <QLocale>

namespace cachescope {

namespace {

QLocale displayLocale()
{
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

} // namespace

QString formatCount(qint64 n)
{
    return displayLocale().toString(n);
}

QString formatTtl(qint64 ttlMs)
{
    if (ttlMs == TtlUnknown)
        return {};
    if (ttlMs == NoExpiry)
        return QStringLiteral("no expiry");
    if (ttlMs == KeyMissing || ttlMs <= 0)
        return QStringLiteral("gone");
    return formatDuration(ttlMs);
}

QString formatMs(double ms)
{
    if (ms < 0)
        return QStringLiteral("–");
    if (ms < 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    return QStringLiteral("%1 ms").arg(qRound64(ms));
}

} // namespace cachescope
