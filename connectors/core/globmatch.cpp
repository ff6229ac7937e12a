#include "globmatch.h"

#include <utility>

namespace cachescope {

namespace {

char fold(char c, bool caseInsensitive)
{
    return caseInsensitive && c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// Matches one token of the pattern starting at p against byte c; sets *next to the
// pattern position after the token. The token is never '*'.
bool matchToken(QByteArrayView pattern, qsizetype p, char c, bool nocase, qsizetype *next)
{
    const qsizetype n = pattern.size();
    const char t = pattern[p];
    if (t == '?') {
        *next = p + 1;
        return true;
    }
    if (t == '\\' && p + 1 < n) {
        *next = p + 2;
        return fold(pattern[p + 1], nocase) == fold(c, nocase);
    }
    if (t != '[') {
        *next = p + 1;
        return fold(t, nocase) == fold(c, nocase);
    }
    qsizetype i = p + 1;
    const bool negate = i < n && pattern[i] == '^';
    if (negate)
        ++i;
    bool found = false;
    const unsigned char uc = static_cast<unsigned char>(fold(c, nocase));
    while (i < n && pattern[i] != ']') {
        if (pattern[i] == '\\' && i + 1 < n) {
            found = found || fold(pattern[i + 1], nocase) == char(uc);
            i += 2;
        } else if (i + 2 < n && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            unsigned char lo = static_cast<unsigned char>(fold(pattern[i], nocase));
            unsigned char hi = static_cast<unsigned char>(fold(pattern[i + 2], nocase));
            if (lo > hi)
                std::swap(lo, hi);
            found = found || (uc >= lo && uc <= hi);
            i += 3;
        } else {
            found = found || fold(pattern[i], nocase) == char(uc);
            ++i;
        }
    }
    *next = i < n ? i + 1 : n; // past the ']' (an unterminated class ends the pattern)
    return found != negate;
}

} // namespace

bool globMatch(QByteArrayView pattern, QByteArrayView text, bool caseInsensitive)
{
    qsizetype p = 0, t = 0;
    qsizetype starP = -1, starT = 0; // where to resume after the last '*'
    const qsizetype pn = pattern.size(), tn = text.size();
    while (t < tn) {
        if (p < pn && pattern[p] == '*') {
            while (p < pn && pattern[p] == '*')
                ++p;
            if (p == pn)
                return true;
            starP = p;
            starT = t;
            continue;
        }
        qsizetype next = 0;
        if (p < pn && matchToken(pattern, p, text[t], caseInsensitive, &next)) {
            p = next;
            ++t;
            continue;
        }
        if (starP < 0)
            return false;
        // Let the last '*' swallow one more byte and retry from there.
        p = starP;
        t = ++starT;
    }
    while (p < pn && pattern[p] == '*')
        ++p;
    return p == pn;
}

bool globMatchesEverything(QByteArrayView pattern)
{
    for (const char c : pattern) {
        if (c != '*')
            return false;
    }
    return true;
}

} // namespace cachescope
