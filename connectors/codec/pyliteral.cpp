#include "pyliteral.h"

#include <QJsonArray>

namespace cachescope {

namespace {

class LiteralParser
{
public:
    explicit LiteralParser(QStringView text) : m_text(text) {}

    Expected<QJsonValue> parseOne()
    {
        auto v = value();
        if (!v)
            return v;
        skipSpace();
        if (!atEnd())
            return fail(QStringLiteral("unexpected text after the literal"));
        return v;
    }

    Expected<QJsonObject> parseStatements()
    {
        QJsonObject out;
        skipSpace();
        const qsizetype start = m_pos;
        const QString name = identifier();
        skipSpace(/*newlines=*/false);
        if (name.isEmpty() || peek() != u'=' || peekAt(1) == u'=') {
            m_pos = start;
            auto v = parseOne();
            if (!v)
                return v.error();
            out.insert(QStringLiteral("CACHES"), *v);
            return out;
        }
        m_pos = start;
        while (skipSpace(), !atEnd()) {
            const QString target = identifier();
            skipSpace(false);
            if (target.isEmpty() || peek() != u'=')
                return fail(QStringLiteral("expected NAME = value"));
            ++m_pos;
            auto v = value();
            if (!v)
                return v.error();
            out.insert(target, *v);
            skipSpace(false);
            if (!atEnd() && peek() != u'\n' && peek() != u';')
                return fail(QStringLiteral("expected the end of the line after %1 = …").arg(target));
        }
        return out;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return peekAt(0); }
    QChar peekAt(qsizetype ahead) const
    {
        return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : QChar();
    }

    Error fail(const QString &what) const
    {
        qsizetype line = 1, column = 1;
        for (qsizetype i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text.at(i) == u'\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return Error::make(ErrorKind::Usage, QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(what));
    }

    // Inside brackets newlines are just space; at statement level they end a statement.
    void skipSpace(bool newlines = true)
    {
        while (!atEnd()) {
            const QChar c = peek();
            if (c == u'#') {
                while (!atEnd() && peek() != u'\n')
                    ++m_pos;
            } else if (c == u'\\' && peekAt(1) == u'\n') {
                m_pos += 2;
            } else if (c == u' ' || c == u'\t' || c == u'\r' || c == u'\f' || (newlines && c == u'\n')) {
                ++m_pos;
            } else {
                break;
            }
        }
    }

    QString identifier()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && (peek().isLetterOrNumber() || peek() == u'_') && !(m_pos == start && peek().isDigit()))
            ++m_pos;
        return m_text.mid(start, m_pos - start).toString();
    }

    Expected<QJsonValue> value()
    {
        skipSpace();
        if (atEnd())
            return fail(QStringLiteral("expected a value"));
        const QChar c = peek();
        if (c == u'{')
            return dict();
        if (c == u'[')
            return sequence(u']');
        if (c == u'(')
            return sequence(u')');
        if (c.isDigit() || c == u'-' || c == u'+' || (c == u'.' && peekAt(1).isDigit()))
            return number();
        if (c == u'"' || c == u'\'')
            return strings();
        const qsizetype start = m_pos;
        const QString word = identifier();
        if (word == u"True")
            return QJsonValue(true);
        if (word == u"False")
            return QJsonValue(false);
        if (word == u"None")
            return QJsonValue(QJsonValue::Null);
        if (isStringPrefix(word) && (peek() == u'"' || peek() == u'\'')) {
            m_pos = start;
            return strings();
        }
        m_pos = start;
        if (word.isEmpty())
            return fail(QStringLiteral("unexpected '%1'").arg(c));
        return fail(QStringLiteral("'%1' is not a literal: CacheScope does not run pasted code (use a "
                                   "project's manage.py to read computed settings)")
                        .arg(word));
    }

    static bool isStringPrefix(const QString &word)
    {
        const QString w = word.toLower();
        return w == u"r" || w == u"u" || w == u"b" || w == u"rb" || w == u"br" || w == u"f" || w == u"rf" ||
               w == u"fr";
    }

    Expected<QJsonValue> dict()
    {
        ++m_pos; // {
        QJsonObject out;
        while (true) {
            skipSpace();
            if (peek() == u'}') {
                ++m_pos;
                return QJsonValue(out);
            }
            auto key = value();
            if (!key)
                return key;
            skipSpace();
            if (peek() != u':')
                return fail(QStringLiteral("expected ':' after a dict key"));
            ++m_pos;
            auto v = value();
            if (!v)
                return v;
            out.insert(keyText(*key), *v);
            skipSpace();
            if (peek() == u',') {
                ++m_pos;
            } else if (peek() != u'}') {
                return fail(QStringLiteral("expected ',' or '}' in a dict"));
            }
        }
    }

    static QString keyText(const QJsonValue &key)
    {
        if (key.isString())
            return key.toString();
        if (key.isBool())
            return key.toBool() ? QStringLiteral("True") : QStringLiteral("False");
        if (key.isNull())
            return QStringLiteral("None");
        if (key.isDouble())
            return QString::number(key.toDouble(), 'g', 17);
        return QStringLiteral("?");
    }

    Expected<QJsonValue> sequence(QChar close)
    {
        ++m_pos;
        QJsonArray out;
        bool sawComma = false;
        while (true) {
            skipSpace();
            if (peek() == close) {
                ++m_pos;
                // (x) is x in parentheses, not a tuple; (x,) is a tuple.
                if (close == u')' && out.size() == 1 && !sawComma)
                    return out.at(0);
                return QJsonValue(out);
            }
            auto v = value();
            if (!v)
                return v;
            out.append(*v);
            skipSpace();
            if (peek() == u',') {
                sawComma = true;
                ++m_pos;
            } else if (peek() != close) {
                return fail(QStringLiteral("expected ',' or '%1'").arg(close));
            }
        }
    }

    Expected<QJsonValue> number()
    {
        const qsizetype start = m_pos;
        bool negative = false;
        while (peek() == u'-' || peek() == u'+') {
            negative ^= peek() == u'-';
            ++m_pos;
            skipSpace();
        }
        const qsizetype digits = m_pos;
        while (!atEnd() && (peek().isLetterOrNumber() || peek() == u'_' || peek() == u'.' ||
                            ((peek() == u'+' || peek() == u'-') && (peekAt(-1) == u'e' || peekAt(-1) == u'E'))))
            ++m_pos;
        QString text = m_text.mid(digits, m_pos - digits).toString();
        text.remove(u'_');
        bool ok = false;
        double v = 0;
        const QString lower = text.toLower();
        if (lower.startsWith(u"0x"))
            v = double(lower.mid(2).toULongLong(&ok, 16));
        else if (lower.startsWith(u"0o"))
            v = double(lower.mid(2).toULongLong(&ok, 8));
        else if (lower.startsWith(u"0b"))
            v = double(lower.mid(2).toULongLong(&ok, 2));
        else
            v = text.toDouble(&ok);
        if (!ok || text.isEmpty()) {
            m_pos = start;
            return fail(QStringLiteral("'%1' is not a number").arg(m_text.mid(start, qMax<qsizetype>(1, digits - start + text.size())).toString()));
        }
        return QJsonValue(negative ? -v : v);
    }

    // One or more adjacent string literals ('a' "b" -> "ab"), as Python concatenates them.
    Expected<QJsonValue> strings()
    {
        QString out;
        bool any = false;
        while (true) {
            const qsizetype before = m_pos;   // a statement's newline is not ours to eat
            skipSpace();
            const qsizetype start = m_pos;
            const QString prefix = identifier().toLower();
            if (!(peek() == u'"' || peek() == u'\'') || (!prefix.isEmpty() && !isStringPrefix(prefix))) {
                m_pos = any ? before : start;
                break;
            }
            if (prefix.contains(u'f')) {
                m_pos = start;
                return fail(QStringLiteral("f-strings are computed, not literals"));
            }
            auto s = string(prefix.contains(u'r'));
            if (!s)
                return s.error();
            out += *s;
            any = true;
        }
        if (!any)
            return fail(QStringLiteral("expected a string"));
        return QJsonValue(out);
    }

    Expected<QString> string(bool raw)
    {
        const QChar quote = peek();
        const bool triple = peekAt(1) == quote && peekAt(2) == quote;
        m_pos += triple ? 3 : 1;
        QString out;
        while (true) {
            if (atEnd())
                return fail(QStringLiteral("a string is not closed"));
            const QChar c = peek();
            if (c == quote && (!triple || (peekAt(1) == quote && peekAt(2) == quote))) {
                m_pos += triple ? 3 : 1;
                return out;
            }
            if (c == u'\n' && !triple)
                return fail(QStringLiteral("a string is not closed on its line"));
            if (c != u'\\') {
                out += c;
                ++m_pos;
                continue;
            }
            const QChar e = peekAt(1);
            if (raw) {
                out += c;
                out += e;
                m_pos += 2;
                continue;
            }
            m_pos += 2;
            switch (e.unicode()) {
            case '\n': break;
            case 'n': out += u'\n'; break;
            case 't': out += u'\t'; break;
            case 'r': out += u'\r'; break;
            case '0': out += QChar(0); break;
            case 'a': out += QChar(7); break;
            case 'b': out += QChar(8); break;
            case 'f': out += QChar(12); break;
            case 'v': out += QChar(11); break;
            case '\\': case '\'': case '"': out += e; break;
            case 'x': case 'u': case 'U': {
                const int len = e == u'x' ? 2 : e == u'u' ? 4 : 8;
                bool ok = false;
                const uint code = m_text.mid(m_pos, len).toString().toUInt(&ok, 16);
                if (!ok || m_pos + len > m_text.size())
                    return fail(QStringLiteral("bad \\%1 escape").arg(e));
                m_pos += len;
                const char32_t cp = code;
                out += QString::fromUcs4(&cp, 1);
                break;
            }
            default:
                out += u'\\';
                out += e;   // Python keeps unknown escapes as they are
            }
        }
    }

    QStringView m_text;
    qsizetype m_pos = 0;
};

} // namespace

Expected<QJsonValue> parsePythonLiteral(QStringView text)
{
    return LiteralParser(text).parseOne();
}

Expected<QJsonObject> parsePythonSettings(QStringView text)
{
    return LiteralParser(text).parseStatements();
}

} // namespace cachescope
