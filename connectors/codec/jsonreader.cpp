#include "jsonreader.h"

#include "pytext.h"

#include <charconv>
#include <cmath>

namespace cachescope {

namespace {

struct Failure
{
    QString message;
};

class Parser
{
public:
    Parser(QByteArrayView d, const PickleLimits &l, PyTree &t) : m_d(d), m_limits(l), m_tree(t) {}
    int value(int depth);
    void skipSpace()
    {
        while (m_pos < m_d.size() &&
               (m_d[m_pos] == ' ' || m_d[m_pos] == '\t' || m_d[m_pos] == '\n' || m_d[m_pos] == '\r'))
            ++m_pos;
    }
    qsizetype m_pos = 0;

private:
    [[noreturn]] void fail(const char *what) const
    {
        throw Failure{QStringLiteral("%1 at offset %2").arg(QLatin1String(what)).arg(m_pos)};
    }
    bool literal(QByteArrayView word)
    {
        if (!m_d.sliced(m_pos).startsWith(word))
            return false;
        m_pos += word.size();
        return true;
    }
    int add(PyNode n)
    {
        if (m_tree.nodes.size() >= m_limits.maxNodes)
            fail("too many values");
        m_tree.nodes.append(std::move(n));
        return int(m_tree.nodes.size() - 1);
    }
    int make(PyKind kind, double f = 0, bool b = false)
    {
        PyNode n;
        n.kind = kind;
        n.floatValue = f;
        n.boolValue = b;
        n.offset = m_pos;
        return add(std::move(n));
    }
    int string();
    int number();
    int container(bool object, int depth);

    QByteArrayView m_d;
    const PickleLimits &m_limits;
    PyTree &m_tree;
};

int Parser::string()
{
    ++m_pos; // opening quote
    QByteArray out;
    while (true) {
        if (m_pos >= m_d.size())
            fail("unterminated string");
        const char c = m_d[m_pos++];
        if (c == '"')
            break;
        if (quint8(c) < 0x20)
            fail("control character in string");
        if (c != '\\') {
            out.append(c);
            continue;
        }
        if (m_pos >= m_d.size())
            fail("unterminated string");
        const char e = m_d[m_pos++];
        switch (e) {
        case '"':
            out.append('"');
            break;
        case '\\':
            out.append('\\');
            break;
        case '/':
            out.append('/');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            const auto hex4 = [&]() -> char32_t {
                if (m_pos + 4 > m_d.size())
                    fail("truncated \\u escape");
                uint v = 0;
                auto [p, ec] = std::from_chars(m_d.data() + m_pos, m_d.data() + m_pos + 4, v, 16);
                if (ec != std::errc() || p != m_d.data() + m_pos + 4)
                    fail("invalid \\u escape");
                m_pos += 4;
                return char32_t(v);
            };
            char32_t cp = hex4();
            if (cp >= 0xd800 && cp < 0xdc00 && m_d.sliced(m_pos).startsWith("\\u")) {
                const qsizetype save = m_pos;
                m_pos += 2;
                const char32_t low = hex4();
                if (low >= 0xdc00 && low < 0xe000)
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                else
                    m_pos = save;
            }
            pytext::appendCodePoint(out, cp);
            break;
        }
        default:
            fail("invalid escape");
        }
    }
    if (!pytext::isUtf8SurrogatePass(out))
        fail("invalid UTF-8 in string");
    PyNode n;
    n.kind = PyKind::Str;
    n.text = std::move(out);
    return add(std::move(n));
}

int Parser::number()
{
    const qsizetype start = m_pos;
    bool isFloat = false;
    if (m_pos < m_d.size() && m_d[m_pos] == '-')
        ++m_pos;
    while (m_pos < m_d.size()) {
        const char c = m_d[m_pos];
        if (c >= '0' && c <= '9') {
            ++m_pos;
        } else if (c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && isFloat)) {
            isFloat = true;
            ++m_pos;
        } else {
            break;
        }
    }
    const QByteArrayView text = m_d.sliced(start, m_pos - start);
    if (text.isEmpty() || text == "-")
        fail("invalid number");
    if (!isFloat) {
        auto v = PyInt::fromDecimal(text);
        if (!v)
            fail("invalid integer");
        PyNode n;
        n.kind = PyKind::Int;
        n.intValue = *v;
        return add(std::move(n));
    }
    double d = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec == std::errc::invalid_argument || p != text.data() + text.size())
        fail("invalid number");
    return make(PyKind::Float, d);
}

int Parser::container(bool object, int depth)
{
    if (depth >= m_limits.maxDepth)
        fail("JSON nested too deeply");
    ++m_pos;
    QList<int> items;
    skipSpace();
    const char close = object ? '}' : ']';
    if (m_pos < m_d.size() && m_d[m_pos] == close) {
        ++m_pos;
    } else {
        while (true) {
            skipSpace();
            if (object) {
                if (m_pos >= m_d.size() || m_d[m_pos] != '"')
                    fail("expected a string key");
                items.append(string());
                skipSpace();
                if (m_pos >= m_d.size() || m_d[m_pos++] != ':')
                    fail("expected ':'");
                skipSpace();
            }
            items.append(value(depth + 1));
            skipSpace();
            if (m_pos >= m_d.size())
                fail("unterminated container");
            const char c = m_d[m_pos++];
            if (c == close)
                break;
            if (c != ',')
                fail("expected ',' or a closing bracket");
        }
    }
    PyNode n;
    n.kind = object ? PyKind::Dict : PyKind::List;
    n.items = std::move(items);
    return add(std::move(n));
}

int Parser::value(int depth)
{
    skipSpace();
    if (m_pos >= m_d.size())
        fail("expected a value");
    const char c = m_d[m_pos];
    if (c == '{' || c == '[')
        return container(c == '{', depth);
    if (c == '"')
        return string();
    if (literal("null"))
        return make(PyKind::None);
    if (literal("true"))
        return make(PyKind::Bool, 0, true);
    if (literal("false"))
        return make(PyKind::Bool, 0, false);
    if (literal("NaN"))
        return make(PyKind::Float, std::nan(""));
    if (literal("Infinity"))
        return make(PyKind::Float, HUGE_VAL);
    if (literal("-Infinity"))
        return make(PyKind::Float, -HUGE_VAL);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number();
    fail("unexpected character");
}

} // namespace

PickleResult JsonReader::read(QByteArrayView data) const
{
    PickleResult result;
    result.tree = std::make_shared<PyTree>();
    result.tree->format = "json";
    Parser parser(data, m_limits, *result.tree);
    try {
        const int root = parser.value(0);
        parser.skipSpace();
        if (parser.m_pos != data.size())
            throw Failure{QStringLiteral("extra data at offset %1").arg(parser.m_pos)};
        result.tree->root = root;
        result.tree->bytesUsed = data.size();
    } catch (const Failure &f) {
        result.error = f.message;
        result.errorOffset = parser.m_pos;
    }
    return result;
}

} // namespace cachescope
