#include "testselector.h"

#include <QStringList>

namespace cachescope::test {

bool selectorMatches(const QString &selector, const QString &family, int version, int index)
{
    const QStringList parts = selector.split(u'/');
    if (parts.at(0) != family)
        return false;
    if (parts.size() > 1 && !parts.at(1).isEmpty() &&
        !parts.at(1).split(u',').contains(QString::number(version)))
        return false;
    if (parts.size() > 2) {
        const QStringList range = parts.at(2).split(u'-');
        if (index < range.at(0).toInt() || index > range.at(1).toInt())
            return false;
    }
    return true;
}

} // namespace cachescope::test
