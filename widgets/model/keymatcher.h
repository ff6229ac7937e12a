#pragma once
// The filter-as-you-type predicate. Plain text matches a case-insensitive substring of
// the escaped key (what the user sees); text with * ? or [ is a Redis glob matched
// against the raw key bytes, case-sensitively, exactly as SCAN MATCH would, so a
// pattern that filters here also works for a server-side invalidation.
//
// Threads: a value type; matches() is const and touches nothing shared, so copies run
// on the filter worker while the GUI thread keeps its own.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace cachescope {

class KeyMatcher
{
public:
    KeyMatcher() = default;
    explicit KeyMatcher(const QString &text);

    bool isEmpty() const { return m_mode == Mode::All; }
    bool isGlob() const { return m_mode == Mode::Glob; }
    bool matches(QByteArrayView key) const;

    // Redis' stringmatchlen() semantics (* ? [abc] [^a-z] \x), without its recursion.
    static bool globMatch(QByteArrayView pattern, QByteArrayView text);

private:
    enum class Mode
    {
        All,
        Substring,
        Glob
    };
    bool substringMatch(QByteArrayView key) const;

    Mode m_mode = Mode::All;
    QString m_text;
    QByteArray m_asciiLower; // the needle lower-cased, when it is plain printable ASCII
    QByteArray m_pattern;    // UTF-8 of the glob
};

} // namespace cachescope
