#include "globlike.h"

#include "core/globmatch.h"

namespace cachescope {

LikePattern likeFromGlob(QByteArrayView glob)
{
    LikePattern result;
    if (glob.isEmpty() || globMatchesEverything(glob)) {
        result.everything = true;
        return result;
    }
    QByteArray like;
    like.reserve(glob.size() + 8);
    bool afterWildcard = false; // an escaped literal '%' must not swallow a following '*'
    auto wildcard = [&like, &afterWildcard] {
        if (!afterWildcard)
            like.append('%');
        afterWildcard = true;
    };
    auto literal = [&like, &afterWildcard](char c) {
        if (c == '%' || c == '_' || c == LikeEscapeChar)
            like.append(LikeEscapeChar);
        like.append(c);
        afterWildcard = false;
    };
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const char c = glob.at(i);
        switch (c) {
        case '*':
        case '?':
            wildcard();
            break;
        case '[': {
            // A class is one byte; skip to its closing bracket as Redis' stringmatch does
            // (a `\` inside escapes the next byte; an unclosed class runs to the end).
            wildcard();
            ++i;
            while (i < glob.size() && glob.at(i) != ']') {
                if (glob.at(i) == '\\' && i + 1 < glob.size())
                    ++i;
                ++i;
            }
            break;
        }
        case '\\':
            if (i + 1 < glob.size())
                literal(glob.at(++i));
            else
                literal(c); // a trailing backslash matches itself in Redis
            break;
        default:
            literal(c);
        }
    }
    // Bytes that are not UTF-8 cannot go into a text parameter: filter on this side only.
    if (!QByteArrayView(like).isValidUtf8())
        like = "%";
    if (like != "%")
        result.like = QString::fromUtf8(like);
    return result;
}

} // namespace cachescope
