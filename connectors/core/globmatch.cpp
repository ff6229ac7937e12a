#include "globmatch.h"

#include <utility>

namespace cachescope {

namespace {

using uchar8 = unsigned char;

// Does pattern token at p[i] (not '*') match byte c? *next = index after the token.
bool matchToken(QByteArrayView p, qsizetype i, uchar8 c, qsizetype *next)
{
    const qsizetype n = p.size();
    switch (p.at(i)) {
    case '?':
        *next = i + 1;
        return true;
    case '[': {
        ++i;
        const bool negate = i < n && p.at(i) == '^';
        if (negate)
            ++i;
        bool match = false;
        while (i < n && p.at(i) != ']') {
            if (p.at(i) == '\\' && i + 1 < n) {
                ++i;
                match |= uchar8(p.at(i)) == c;
            } else if (i + 2 < n && p.at(i + 1) == '-') {
                uchar8 lo = uchar8(p.at(i)), hi = uchar8(p.at(i + 2));
                if (lo > hi)
                    std::swap(lo, hi);
                match |= c >= lo && c <= hi;
                i += 2;
            } else {
                match |= uchar8(p.at(i)) == c;
            }
            ++i;
        }
        *next = i < n ? i + 1 : n; // past ']', or the end of an unclosed class
        return match != negate;
    }
    case '\\':
        if (i + 1 < n)
            ++i;
        [[fallthrough]];
    default:
        *next = i + 1;
        return uchar8(p.at(i)) == c;
    }
}

} // namespace

bool globMatch(QByteArrayView pattern, QByteArrayView key)
{
    // Every token but '*' consumes exactly one byte, so remembering only the last star
    // (and retrying it one byte further on a mismatch) is enough: O(pattern * key) at worst.
    qsizetype pi = 0, ki = 0;
    qsizetype starP = -1, starK = 0;
    while (ki < key.size()) {
        if (pi < pattern.size()) {
            if (pattern.at(pi) == '*') {
                starP = ++pi;
                starK = ki;
                continue;
            }
            qsizetype next = 0;
            if (matchToken(pattern, pi, uchar8(key.at(ki)), &next)) {
                pi = next;
                ++ki;
                continue;
            }
        }
        if (starP < 0)
            return false;
        pi = starP;
        ki = ++starK;
    }
    while (pi < pattern.size() && pattern.at(pi) == '*')
        ++pi;
    return pi == pattern.size();
}

} // namespace cachescope
