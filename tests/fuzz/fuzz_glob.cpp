// Differential libFuzzer target for globMatch (core/globmatch.h): the fast single-
// backtrack matcher against a plain reference written from the header's rules, one
// table-driven dynamic programme that cannot get backtracking wrong.
//
// Byte 0: bit 0 = case-insensitive; byte 1: pattern length; then pattern, then text.

#include "core/globmatch.h"
#include "fuzzcheck.h"

#include <QList>

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <vector>

using namespace cachescope;

namespace {

unsigned char fold(unsigned char c, bool nocase)
{
    return nocase && c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

// One pattern token: '*', or the set of bytes it accepts (already case-folded).
struct Token
{
    bool star = false;
    std::bitset<256> accepts;
};

// The header's rules, read one token at a time.
std::vector<Token> tokenize(QByteArrayView p, bool nocase)
{
    std::vector<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = p.size();
    auto literal = [nocase](unsigned char c) {
        Token t;
        for (int b = 0; b < 256; ++b)
            t.accepts[size_t(b)] = fold(static_cast<unsigned char>(b), nocase) == fold(c, nocase);
        return t;
    };
    while (i < n) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '*') {
            Token t;
            t.star = true;
            tokens.push_back(t);
            ++i;
        } else if (c == '?') {
            Token t;
            t.accepts.set();
            tokens.push_back(t);
            ++i;
        } else if (c == '\\') {
            // \x is x; a trailing lone backslash is itself.
            tokens.push_back(literal(i + 1 < n ? static_cast<unsigned char>(p[i + 1]) : c));
            i += i + 1 < n ? 2 : 1;
        } else if (c == '[') {
            ++i;
            const bool negate = i < n && p[i] == '^';
            if (negate)
                ++i;
            // Members as (lo, hi) ranges of folded bytes.
            QList<std::pair<unsigned char, unsigned char>> members;
            while (i < n && p[i] != ']') {
                const auto m = static_cast<unsigned char>(p[i]);
                if (m == '\\' && i + 1 < n) {
                    const unsigned char e = fold(static_cast<unsigned char>(p[i + 1]), nocase);
                    members.append({e, e});
                    i += 2;
                } else if (i + 2 < n && p[i + 1] == '-' && p[i + 2] != ']') {
                    unsigned char lo = fold(m, nocase);
                    unsigned char hi = fold(static_cast<unsigned char>(p[i + 2]), nocase);
                    if (lo > hi)
                        std::swap(lo, hi);
                    members.append({lo, hi});
                    i += 3;
                } else {
                    members.append({fold(m, nocase), fold(m, nocase)});
                    ++i;
                }
            }
            if (i < n)
                ++i; // the ']'
            Token t;
            for (int b = 0; b < 256; ++b) {
                const unsigned char f = fold(static_cast<unsigned char>(b), nocase);
                bool in = false;
                for (const auto &[lo, hi] : members)
                    in = in || (f >= lo && f <= hi);
                t.accepts[size_t(b)] = in != negate;
            }
            tokens.push_back(t);
        } else {
            tokens.push_back(literal(c));
            ++i;
        }
    }
    return tokens;
}

// match[i][j]: tokens from i match text from j.
bool referenceMatch(QByteArrayView pattern, QByteArrayView text, bool nocase)
{
    const std::vector<Token> tokens = tokenize(pattern, nocase);
    const size_t tn = tokens.size();
    const size_t xn = size_t(text.size());
    std::vector<std::vector<char>> match(tn + 1, std::vector<char>(xn + 1, 0));
    match[tn][xn] = 1;
    for (size_t i = tn; i-- > 0;) {
        for (size_t j = xn + 1; j-- > 0;) {
            if (tokens[i].star)
                match[i][j] = match[i + 1][j] || (j < xn && match[i][j + 1]);
            else
                match[i][j] = j < xn && tokens[i].accepts[static_cast<unsigned char>(text[qsizetype(j)])] &&
                              match[i + 1][j + 1];
        }
    }
    return match[0][0];
}

QByteArray lowered(QByteArrayView text)
{
    QByteArray out = text.toByteArray();
    for (char &c : out)
        c = char(fold(static_cast<unsigned char>(c), true));
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 1024) // the reference is O(pattern * text) in memory too
        return 0;
    const bool nocase = data[0] & 1;
    const qsizetype patternLength = qMin(qsizetype(data[1]), qsizetype(size - 2));
    const QByteArrayView pattern(reinterpret_cast<const char *>(data + 2), patternLength);
    const QByteArrayView text(reinterpret_cast<const char *>(data + 2 + patternLength),
                              qsizetype(size - 2) - patternLength);

    const bool fast = globMatch(pattern, text, nocase);
    FUZZ_CHECK(fast == referenceMatch(pattern, text, nocase));
    // "" means "no filter" to callers (globMatchesEverything) but, as in Redis, matches only "".
    if (globMatchesEverything(pattern))
        FUZZ_CHECK(fast || pattern.isEmpty());
    if (nocase)
        FUZZ_CHECK(globMatch(pattern, lowered(text), true) == fast);
    // A literal text always matches itself once every special byte is escaped.
    QByteArray escaped;
    for (const char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            escaped += '\\';
        escaped += c;
    }
    FUZZ_CHECK(globMatch(escaped, text, nocase));
    return 0;
}
