#include "invalidationjob.h"

namespace cachescope {

bool KeyFilter::accepts(QByteArrayView key) const
{
    switch (kind) {
    case Kind::None:
        return true;
    case Kind::DjangoVersionBelow: {
        // "PREFIX:VERSION:rest" with this exact PREFIX (which may itself contain colons, so
        // match it as a whole rather than splitting at the first colon).
        if (!key.startsWith(prefix) || key.size() <= prefix.size() || key[prefix.size()] != ':')
            return false;
        const QByteArrayView afterPrefix = key.sliced(prefix.size() + 1);
        const qsizetype colon = afterPrefix.indexOf(':');
        if (colon <= 0)
            return false;
        // Exactly what Django's str(int) writes: toInt() alone would also take " 3", "+3" and
        // "03", which are not versions but part of another key.
        const QByteArrayView digits = afterPrefix.first(colon);
        const QByteArrayView magnitude = digits.startsWith('-') ? digits.sliced(1) : digits;
        if (magnitude.isEmpty() || (magnitude.size() > 1 && magnitude[0] == '0'))
            return false;
        for (const char c : magnitude) {
            if (c < '0' || c > '9')
                return false;
        }
        bool ok = false;
        const int keyVersion = digits.toInt(&ok);
        return ok && keyVersion < version;
    }
    }
    return false;
}

QString invalidationActionName(InvalidationJob::Action action)
{
    switch (action) {
    case InvalidationJob::Action::Preview: return QStringLiteral("preview");
    case InvalidationJob::Action::Delete: return QStringLiteral("delete");
    case InvalidationJob::Action::Expire: return QStringLiteral("expire");
    case InvalidationJob::Action::Bump: return QStringLiteral("bump");
    }
    return QStringLiteral("unknown");
}

QString invalidationOutcomeName(InvalidationReport::Outcome outcome)
{
    switch (outcome) {
    case InvalidationReport::Outcome::Completed: return QStringLiteral("completed");
    case InvalidationReport::Outcome::Cancelled: return QStringLiteral("cancelled");
    case InvalidationReport::Outcome::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

} // namespace cachescope
