#include "keyformat.h"

namespace cachescope {

namespace {

QString twoUnits(qint64 big, QStringView bigUnit, qint64 small, QStringView smallUnit)
{
    QString out = QString::number(big) + bigUnit;
    if (small > 0)
        out += u' ' + QString::number(small) + smallUnit;
    return out;
}

} // namespace

QString formatDuration(qint64 ms)
{
    const qint64 s = (ms + 999) / 1000;
    if (s < 60)
        return QString::number(s) + u's';
    if (s < 3600)
        return twoUnits(s / 60, u"m", s % 60, u"s");
    if (s < 86400)
        return twoUnits(s / 3600, u"h", s % 3600 / 60, u"m");
    return twoUnits(s / 86400, u"d", s % 86400 / 3600, u"h");
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QString::number(bytes) + u" B";
    static const char16_t *const units[] = {u"KiB", u"MiB", u"GiB", u"TiB"};
    double v = double(bytes) / 1024;
    int unit = 0;
    while (v >= 1024 && unit < 3) {
        v /= 1024;
        ++unit;
    }
    return QString::number(v, 'f', 1) + u' ' + QStringView(units[unit]);
}

} // namespace cachescope
