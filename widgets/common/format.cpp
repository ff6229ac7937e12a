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

QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return {};
    return displayLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString formatTtl(qint64 ttlMs)
{
    if (ttlMs == TtlUnknown)
        return {};
    if (ttlMs == NoExpiry)
        return QStringLiteral("no expiry");
    if (ttlMs == KeyMissing || ttlMs < 0)
        return QStringLiteral("gone");
    const qint64 s = (ttlMs + 999) / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60) : QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
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
