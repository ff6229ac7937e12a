#include "keymatcher.h"

#include "core/keyescape.h"

#include <utility>

namespace cachescope {

namespace {

inline char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + 32) : c;
}

// Printable ASCII other than the backslash shows as itself, so the escaped key equals
// the raw bytes and no QString is needed: the fast path for nearly every real key.
bool displaysAsIs(QByteArrayView key)
{
    for (const char c : key) {
        if (c < 0x20 || c > 0x7e || c == '\\')
            return false;
    }
    return true;
}

bool containsAsciiNoCase(QByteArrayView hay, QByteArrayView lowerNeedle)
{
    const qsizetype n = lowerNeedle.size();
    if (n == 0)
        return true;
    const char first = lowerNeedle[0];
    for (qsizetype i = 0; i + n <= hay.size(); ++i) {
        if (asciiLower(hay[i]) != first)
            continue;
        qsizetype k = 1;
        while (k < n && asciiLower(hay[i + k]) == lowerNeedle[k])
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

// Matches one [...] class at p (just after '['); returns whether c is in it and moves p
// past the closing bracket (or to the end of the pattern, as Redis does).
bool matchClass(const char *&p, const char *end, unsigned char c)
{
    const bool negate = p < end && *p == '^';
    if (negate)
        ++p;
    bool hit = false;
    while (p < end && *p != ']') {
        if (*p == '\\' && p + 1 < end) {
            ++p;
            hit |= (unsigned char)*p == c;
            ++p;
        } else if (p + 2 < end && p[1] == '-' && p[2] != ']') {
            unsigned char lo = (unsigned char)p[0], hi = (unsigned char)p[2];
            if (lo > hi)
                std::swap(lo, hi);
            hit |= c >= lo && c <= hi;
            p += 3;
        } else {
            hit |= (unsigned char)*p == c;
            ++p;
        }
    }
    if (p < end)
        ++p; // the ']'
    return negate ? !hit : hit;
}

} // namespace

KeyMatcher::KeyMatcher(const QString &text) : m_text(text)
{
    if (text.isEmpty())
        return;
    if (text.contains(u'*') || text.contains(u'?') || text.contains(u'[')) {
        m_mode = Mode::Glob;
        m_pattern = text.toUtf8();
        return;
    }
    m_mode = Mode::Substring;
    bool ascii = true;
    for (const QChar ch : text)
        ascii &= ch.unicode() >= 0x20 && ch.unicode() < 0x7f;
    if (ascii) {
        m_asciiLower = text.toLatin1();
        for (char &c : m_asciiLower)
            c = asciiLower(c);
    }
}

bool KeyMatcher::matches(QByteArrayView key) const
{
    switch (m_mode) {
    case Mode::All:
        return true;
    case Mode::Glob:
        return globMatch(m_pattern, key);
    case Mode::Substring:
        return substringMatch(key);
    }
    return false;
}

bool KeyMatcher::substringMatch(QByteArrayView key) const
{
    if (!m_asciiLower.isEmpty() && displaysAsIs(key))
        return containsAsciiNoCase(key, m_asciiLower);
    return escapeKey(key).contains(m_text, Qt::CaseInsensitive);
}

bool KeyMatcher::globMatch(QByteArrayView pattern, QByteArrayView text)
{
    const char *p = pattern.data();
    const char *const pend = p + pattern.size();
    const char *s = text.data();
    const char *const send = s + text.size();
    // Only the most recent '*' needs to be retried: the classic linear backtracking glob.
    const char *starP = nullptr;
    const char *starS = nullptr;
    while (s < send) {
        if (p < pend && *p == '*') {
            while (p < pend && *p == '*')
                ++p;
            if (p == pend)
                return true;
            starP = p;
            starS = s;
            continue;
        }
        bool ok = false;
        const char *next = p;
        if (p < pend) {
            if (*p == '?') {
                ok = true;
                next = p + 1;
            } else if (*p == '[') {
                next = p + 1;
                ok = matchClass(next, pend, (unsigned char)*s);
            } else if (*p == '\\' && p + 1 < pend) {
                ok = p[1] == *s;
                next = p + 2;
            } else {
                ok = *p == *s;
                next = p + 1;
            }
        }
        if (ok) {
            p = next;
            ++s;
        } else if (starP) {
            p = starP;
            s = ++starS;
        } else {
            return false;
        }
    }
    while (p < pend && *p == '*')
        ++p;
    return p == pend;
}

} // namespace cachescope
