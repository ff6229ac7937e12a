#include "msgpackreader.h"

#include "pytext.h"

#include <QtEndian>

#include <cstring>

namespace cachescope {

namespace {

struct Failure
{
    QString message;
};

class Parser
{
public:
    Parser(QByteArrayView data, const PickleLimits &limits, PyTree &tree)
        : m_data(data), m_limits(limits), m_tree(tree)
    {
    }
    int value(int depth);
    qsizetype m_pos = 0;

private:
    [[noreturn]] void fail(const QString &what) const
    {
        throw Failure{QStringLiteral("%1 at offset %2").arg(what).arg(m_start)};
    }
    QByteArrayView take(quint64 n)
    {
        if (n > quint64(m_data.size() - m_pos))
            fail(QStringLiteral("truncated msgpack value"));
        auto v = m_data.sliced(m_pos, qsizetype(n));
        m_pos += qsizetype(n);
        return v;
    }
    quint64 be(int bytes)
    {
        auto v = take(quint64(bytes));
        quint64 r = 0;
        for (char c : v)
            r = (r << 8) | quint8(c);
        return r;
    }
    int add(PyNode n)
    {
        if (m_tree.nodes.size() >= m_limits.maxNodes)
            fail(QStringLiteral("too many values"));
        n.offset = m_start;
        m_tree.nodes.append(std::move(n));
        return int(m_tree.nodes.size() - 1);
    }
    int scalar(PyKind kind)
    {
        PyNode n;
        n.kind = kind;
        return add(std::move(n));
    }
    int integer(PyInt v)
    {
        PyNode n;
        n.kind = PyKind::Int;
        n.intValue = std::move(v);
        return add(std::move(n));
    }
    int blob(PyKind kind, QByteArrayView data)
    {
        if (kind == PyKind::Str && !pytext::isUtf8SurrogatePass(data))
            fail(QStringLiteral("invalid UTF-8 in msgpack str"));
        PyNode n;
        n.kind = kind;
        n.text = data.toByteArray();
        return add(std::move(n));
    }
    int container(PyKind kind, quint64 count, int depth)
    {
        if (depth >= m_limits.maxDepth)
            fail(QStringLiteral("msgpack nested deeper than %1").arg(m_limits.maxDepth));
        // Every element takes at least one byte: a huge count in a short input is an error.
        if (count > quint64(m_data.size() - m_pos))
            fail(QStringLiteral("truncated msgpack container"));
        const qsizetype start = m_start;
        QList<int> items;
        for (quint64 i = 0; i < count; ++i)
            items.append(value(depth + 1));
        PyNode n;
        n.kind = kind;
        n.items = std::move(items);
        m_start = start;
        return add(std::move(n));
    }
    int ext(qint64 type, QByteArrayView data)
    {
        PyNode n;
        n.kind = PyKind::Ext;
        n.intValue = PyInt::fromInt64(type);
        n.text = data.toByteArray();
        return add(std::move(n));
    }

    QByteArrayView m_data;
    const PickleLimits &m_limits;
    PyTree &m_tree;
    qsizetype m_start = 0;
};

int Parser::value(int depth)
{
    m_start = m_pos;
    const quint8 b = quint8(take(1)[0]);
    if (b <= 0x7f)
        return integer(PyInt::fromInt64(b));
    if (b >= 0xe0)
        return integer(PyInt::fromInt64(qint8(b)));
    if ((b & 0xf0) == 0x80)
        return container(PyKind::Dict, quint64(b & 0x0f) * 2, depth);
    if ((b & 0xf0) == 0x90)
        return container(PyKind::List, b & 0x0f, depth);
    if ((b & 0xe0) == 0xa0)
        return blob(PyKind::Str, take(b & 0x1f));
    switch (b) {
    case 0xc0:
        return scalar(PyKind::None);
    case 0xc2:
    case 0xc3: {
        PyNode n;
        n.kind = PyKind::Bool;
        n.boolValue = b == 0xc3;
        return add(std::move(n));
    }
    case 0xc4:
        return blob(PyKind::Bytes, take(be(1)));
    case 0xc5:
        return blob(PyKind::Bytes, take(be(2)));
    case 0xc6:
        return blob(PyKind::Bytes, take(be(4)));
    case 0xc7:
    case 0xc8:
    case 0xc9: {
        const quint64 len = be(b == 0xc7 ? 1 : b == 0xc8 ? 2 : 4);
        const qint64 type = qint8(quint8(take(1)[0]));
        return ext(type, take(len));
    }
    case 0xca:
    case 0xcb: {
        PyNode n;
        n.kind = PyKind::Float;
        if (b == 0xca) {
            const quint32 bits = quint32(be(4));
            float f;
            std::memcpy(&f, &bits, 4);
            n.floatValue = f;
        } else {
            const quint64 bits = be(8);
            std::memcpy(&n.floatValue, &bits, 8);
        }
        return add(std::move(n));
    }
    case 0xcc:
        return integer(PyInt::fromInt64(qint64(be(1))));
    case 0xcd:
        return integer(PyInt::fromInt64(qint64(be(2))));
    case 0xce:
        return integer(PyInt::fromInt64(qint64(be(4))));
    case 0xcf: {
        const quint64 v = be(8);
        QByteArray le(9, '\0'); // unsigned 64-bit: add a zero sign byte
        qToLittleEndian(v, le.data());
        return integer(PyInt::fromTwosComplement(le));
    }
    case 0xd0:
        return integer(PyInt::fromInt64(qint8(quint8(be(1)))));
    case 0xd1:
        return integer(PyInt::fromInt64(qint16(quint16(be(2)))));
    case 0xd2:
        return integer(PyInt::fromInt64(qint32(quint32(be(4)))));
    case 0xd3:
        return integer(PyInt::fromInt64(qint64(be(8))));
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8: {
        const qint64 type = qint8(quint8(take(1)[0]));
        return ext(type, take(quint64(1) << (b - 0xd4)));
    }
    case 0xd9:
        return blob(PyKind::Str, take(be(1)));
    case 0xda:
        return blob(PyKind::Str, take(be(2)));
    case 0xdb:
        return blob(PyKind::Str, take(be(4)));
    case 0xdc:
        return container(PyKind::List, be(2), depth);
    case 0xdd:
        return container(PyKind::List, be(4), depth);
    case 0xde:
        return container(PyKind::Dict, be(2) * 2, depth);
    case 0xdf:
        return container(PyKind::Dict, be(4) * 2, depth);
    default:
        fail(QStringLiteral("invalid msgpack byte 0x%1").arg(b, 2, 16, QLatin1Char('0')));
    }
}

} // namespace

PickleResult MsgpackReader::read(QByteArrayView data) const
{
    PickleResult result;
    result.tree = std::make_shared<PyTree>();
    result.tree->format = "msgpack";
    Parser parser(data, m_limits, *result.tree);
    try {
        const int root = parser.value(0);
        if (parser.m_pos != data.size())
            throw Failure{QStringLiteral("%1 bytes after the msgpack value").arg(data.size() - parser.m_pos)};
        result.tree->root = root;
        result.tree->bytesUsed = parser.m_pos;
    } catch (const Failure &f) {
        result.error = f.message;
        result.errorOffset = parser.m_pos;
    }
    return result;
}

} // namespace cachescope
