#include "picklereader.h"

#include "pickleopcodes.h"
#include "pytext.h"

#include <QHash>
#include <QtEndian>

#include <cstring>
#include <charconv>
#include <cmath>
#include <optional>

namespace cachescope {

using namespace pickleop;

namespace {

struct Failure
{
    QString message;
};

// One run of the unpickling machine. Errors unwind with a Failure exception that never
// leaves this file: read() catches it and turns it into PickleResult::error.
class Machine
{
public:
    Machine(QByteArrayView data, const PickleLimits &limits) : m_data(data), m_limits(limits)
    {
        m_tree = std::make_shared<PyTree>();
        m_tree->format = "pickle";
    }

    PickleResult run();

private:
    [[noreturn]] void fail(const QString &what) const
    {
        throw Failure{QStringLiteral("%1 (%2 at offset %3)")
                          .arg(what, QString::fromLatin1(PickleReader::opcodeName(m_op)))
                          .arg(m_opOffset)};
    }
    [[noreturn]] void truncated() const
    {
        throw Failure{QStringLiteral("truncated %1 at offset %2")
                          .arg(QString::fromLatin1(PickleReader::opcodeName(m_op)))
                          .arg(m_opOffset)};
    }

    QByteArrayView take(quint64 n)
    {
        if (n > quint64(m_data.size() - m_pos))
            truncated();
        QByteArrayView v = m_data.sliced(m_pos, qsizetype(n));
        m_pos += qsizetype(n);
        return v;
    }
    quint64 takeUInt(int bytes)
    {
        QByteArrayView v = take(quint64(bytes));
        quint64 r = 0;
        for (int i = bytes - 1; i >= 0; --i)
            r = (r << 8) | quint8(v[i]);
        return r;
    }
    QByteArrayView takeLine()
    {
        const qsizetype nl = m_data.indexOf('\n', m_pos);
        if (nl < 0)
            truncated();
        QByteArrayView v = m_data.sliced(m_pos, nl - m_pos);
        m_pos = nl + 1;
        return v;
    }

    int newNode(PyKind kind)
    {
        if (m_tree->nodes.size() >= m_limits.maxNodes)
            fail(QStringLiteral("more than %1 values").arg(m_limits.maxNodes));
        PyNode n;
        n.kind = kind;
        n.offset = m_opOffset;
        m_tree->nodes.append(std::move(n));
        return int(m_tree->nodes.size() - 1);
    }
    PyNode &node(int i) { return m_tree->nodes[i]; }

    void push(int n)
    {
        if (m_stack.size() >= m_limits.maxStack)
            fail(QStringLiteral("stack deeper than %1").arg(m_limits.maxStack));
        m_stack.append(n);
    }
    qsizetype fence() const { return m_marks.isEmpty() ? 0 : m_marks.last(); }
    int pop()
    {
        if (m_stack.size() <= fence())
            fail(QStringLiteral("unpickling stack underflow"));
        return m_stack.takeLast();
    }
    int top()
    {
        if (m_stack.size() <= fence())
            fail(QStringLiteral("unpickling stack underflow"));
        return m_stack.last();
    }
    QList<int> popMark()
    {
        if (m_marks.isEmpty())
            fail(QStringLiteral("could not find MARK"));
        const qsizetype mark = m_marks.takeLast();
        QList<int> items = m_stack.mid(mark);
        m_stack.resize(mark);
        return items;
    }

    void pushStr(QByteArray utf8)
    {
        const int n = newNode(PyKind::Str);
        node(n).text = std::move(utf8);
        push(n);
    }
    void pushInt(PyInt v)
    {
        const int n = newNode(PyKind::Int);
        node(n).intValue = std::move(v);
        push(n);
    }
    void pushContainer(PyKind kind, QList<int> items)
    {
        const int n = newNode(kind);
        node(n).items = std::move(items);
        push(n);
    }
    void pushGlobal(QByteArray module, QByteArray name)
    {
        if (m_tree->protocol < 3)
            pytext::mapPython2Name(module, name);
        const int n = newNode(PyKind::Global);
        node(n).text = std::move(module);
        node(n).name = std::move(name);
        push(n);
    }
    int makeObject(PyBuild build, int callable, int args, int kwargs = -1)
    {
        const int n = newNode(PyKind::Object);
        node(n).build = build;
        node(n).callable = callable;
        node(n).args = args;
        node(n).kwargs = kwargs;
        return n;
    }

    void memoPut(quint64 index)
    {
        if (m_memo.size() >= m_limits.maxMemo && !m_memo.contains(index))
            fail(QStringLiteral("memo larger than %1 entries").arg(m_limits.maxMemo));
        m_memo.insert(index, top());
    }
    void memoGet(quint64 index)
    {
        auto it = m_memo.constFind(index);
        if (it == m_memo.constEnd())
            fail(QStringLiteral("memo key %1 not found").arg(index));
        push(*it);
    }
    quint64 lineIndex()
    {
        const QByteArrayView line = takeLine();
        quint64 v = 0;
        auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
        if (ec != std::errc() || end != line.data() + line.size())
            fail(QStringLiteral("invalid memo index"));
        return v;
    }
    QByteArray utf8Arg(QByteArrayView raw)
    {
        if (!pytext::isUtf8SurrogatePass(raw))
            fail(QStringLiteral("invalid UTF-8"));
        return raw.toByteArray();
    }
    // Python 2 str (STRING/BINSTRING): Python 3 decodes it as ASCII by default.
    void pushPy2String(QByteArrayView raw)
    {
        if (pytext::isAscii(raw)) {
            pushStr(raw.toByteArray());
            return;
        }
        const int n = newNode(PyKind::Bytes);
        node(n).text = raw.toByteArray();
        m_tree->notes.append(QStringLiteral("non-ASCII Python 2 string at offset %1 shown as bytes "
                                            "(pickle.loads with encoding='ASCII' would fail)")
                                 .arg(m_opOffset));
        push(n);
    }

    void addToTarget(int target, const QList<int> &items, quint8 op);
    void setItemsOnTarget(int target, const QList<int> &pairs);
    bool step();

    QByteArrayView m_data;
    PickleLimits m_limits;
    std::shared_ptr<PyTree> m_tree;
    QList<int> m_stack;
    QList<qsizetype> m_marks;
    QHash<quint64, int> m_memo;
    qsizetype m_pos = 0;
    qsizetype m_opOffset = 0;
    quint8 m_op = 0;
    qint64 m_buffers = 0;
};

void Machine::addToTarget(int target, const QList<int> &items, quint8 op)
{
    PyNode &t = node(target);
    const bool ok = op == ADDITEMS ? (t.kind == PyKind::Set || t.kind == PyKind::Object)
                                   : (t.kind == PyKind::List || t.kind == PyKind::Object);
    if (!ok)
        fail(QStringLiteral("cannot add items to a value made at offset %1").arg(t.offset));
    t.items.append(items);
}

void Machine::setItemsOnTarget(int target, const QList<int> &pairs)
{
    PyNode &t = node(target);
    if (t.kind == PyKind::Dict)
        t.items.append(pairs);
    else if (t.kind == PyKind::Object)
        t.setItems.append(pairs);
    else
        fail(QStringLiteral("cannot set items on a value made at offset %1").arg(t.offset));
}

// Executes one opcode; false after STOP.
bool Machine::step()
{
    m_opOffset = m_pos;
    if (m_pos >= m_data.size())
        throw Failure{QStringLiteral("pickle data was truncated: no STOP opcode by offset %1").arg(m_pos)};
    m_op = quint8(m_data[m_pos++]);
    switch (m_op) {
    case PROTO: {
        const int proto = int(takeUInt(1));
        if (proto > 5)
            fail(QStringLiteral("unsupported pickle protocol: %1").arg(proto));
        m_tree->protocol = std::max(m_tree->protocol, proto);
        break;
    }
    case FRAME: {
        const quint64 len = takeUInt(8);
        if (len > quint64(m_data.size() - m_pos))
            truncated();
        break;
    }
    case STOP:
        m_tree->root = pop();
        m_tree->bytesUsed = m_pos;
        return false;
    case MARK:
        if (m_marks.size() >= m_limits.maxDepth)
            fail(QStringLiteral("MARKs nested deeper than %1").arg(m_limits.maxDepth));
        m_marks.append(m_stack.size());
        break;
    case POP:
        if (!m_marks.isEmpty() && m_marks.last() == m_stack.size())
            m_marks.removeLast();
        else
            pop();
        break;
    case POP_MARK: popMark(); break;
    case DUP: push(top()); break;
    case NONE: push(newNode(PyKind::None)); break;
    case NEWTRUE:
    case NEWFALSE: {
        const int n = newNode(PyKind::Bool);
        node(n).boolValue = m_op == NEWTRUE;
        push(n);
        break;
    }
    case INT: {
        const QByteArrayView line = takeLine();
        if (line == "01" || line == "00") {
            const int n = newNode(PyKind::Bool);
            node(n).boolValue = line == "01";
            push(n);
            break;
        }
        auto v = PyInt::fromDecimal(line);
        if (!v)
            fail(QStringLiteral("invalid INT literal"));
        pushInt(*v);
        break;
    }
    case LONG: {
        QByteArrayView line = takeLine();
        if (line.endsWith('L'))
            line.chop(1);
        auto v = PyInt::fromDecimal(line);
        if (!v)
            fail(QStringLiteral("invalid LONG literal"));
        pushInt(*v);
        break;
    }
    case BININT: pushInt(PyInt::fromInt64(qint32(quint32(takeUInt(4))))); break;
    case BININT1: pushInt(PyInt::fromInt64(qint64(takeUInt(1)))); break;
    case BININT2: pushInt(PyInt::fromInt64(qint64(takeUInt(2)))); break;
    case LONG1: pushInt(PyInt::fromTwosComplement(take(takeUInt(1)))); break;
    case LONG4: {
        const qint32 len = qint32(quint32(takeUInt(4)));
        if (len < 0)
            fail(QStringLiteral("LONG pickle has negative byte count"));
        pushInt(PyInt::fromTwosComplement(take(quint64(len))));
        break;
    }
    case FLOAT: {
        const QByteArray line = takeLine().trimmed().toByteArray().toLower();
        double v = 0;
        if (line == "inf" || line == "+inf" || line == "infinity")
            v = HUGE_VAL;
        else if (line == "-inf" || line == "-infinity")
            v = -HUGE_VAL;
        else if (line == "nan" || line == "+nan" || line == "-nan")
            v = std::nan("");
        else {
            auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
            if (ec == std::errc::invalid_argument || end != line.data() + line.size())
                fail(QStringLiteral("invalid FLOAT literal"));
        }
        const int n = newNode(PyKind::Float);
        node(n).floatValue = v;
        push(n);
        break;
    }
    case BINFLOAT: {
        const quint64 bits = qFromBigEndian<quint64>(take(8).data());
        double v;
        std::memcpy(&v, &bits, sizeof v);
        const int n = newNode(PyKind::Float);
        node(n).floatValue = v;
        push(n);
        break;
    }
    case STRING: {
        auto s = pytext::decodeQuotedString(takeLine());
        if (!s)
            fail(QStringLiteral("the STRING opcode argument must be quoted"));
        pushPy2String(*s);
        break;
    }
    case BINSTRING: {
        const qint32 len = qint32(quint32(takeUInt(4)));
        if (len < 0)
            fail(QStringLiteral("BINSTRING pickle has negative byte count"));
        pushPy2String(take(quint64(len)));
        break;
    }
    case SHORT_BINSTRING: pushPy2String(take(takeUInt(1))); break;
    case BINBYTES:
    case SHORT_BINBYTES:
    case BINBYTES8:
    case BYTEARRAY8: {
        const int width = m_op == SHORT_BINBYTES ? 1 : m_op == BINBYTES ? 4 : 8;
        const QByteArrayView raw = take(takeUInt(width));
        const int n = newNode(m_op == BYTEARRAY8 ? PyKind::ByteArray : PyKind::Bytes);
        node(n).text = raw.toByteArray();
        push(n);
        break;
    }
    case UNICODE: {
        auto s = pytext::decodeRawUnicodeEscape(takeLine());
        if (!s)
            fail(QStringLiteral("truncated \\uXXXX escape"));
        pushStr(*s);
        break;
    }
    case SHORT_BINUNICODE: pushStr(utf8Arg(take(takeUInt(1)))); break;
    case BINUNICODE: pushStr(utf8Arg(take(takeUInt(4)))); break;
    case BINUNICODE8: pushStr(utf8Arg(take(takeUInt(8)))); break;
    case EMPTY_LIST: pushContainer(PyKind::List, {}); break;
    case EMPTY_TUPLE: pushContainer(PyKind::Tuple, {}); break;
    case EMPTY_DICT: pushContainer(PyKind::Dict, {}); break;
    case EMPTY_SET: pushContainer(PyKind::Set, {}); break;
    case LIST: pushContainer(PyKind::List, popMark()); break;
    case TUPLE: pushContainer(PyKind::Tuple, popMark()); break;
    case FROZENSET: pushContainer(PyKind::FrozenSet, popMark()); break;
    case DICT: {
        QList<int> items = popMark();
        if (items.size() % 2)
            fail(QStringLiteral("odd number of items for DICT"));
        pushContainer(PyKind::Dict, std::move(items));
        break;
    }
    case TUPLE1:
    case TUPLE2:
    case TUPLE3: {
        const int count = m_op - TUPLE1 + 1;
        QList<int> items(count);
        for (int i = count - 1; i >= 0; --i)
            items[i] = pop();
        pushContainer(PyKind::Tuple, std::move(items));
        break;
    }
    case APPEND: {
        const int v = pop();
        addToTarget(top(), {v}, m_op);
        break;
    }
    case APPENDS:
    case ADDITEMS: {
        const QList<int> items = popMark();
        addToTarget(top(), items, m_op);
        break;
    }
    case SETITEM: {
        const int v = pop();
        const int k = pop();
        setItemsOnTarget(top(), {k, v});
        break;
    }
    case SETITEMS: {
        const QList<int> items = popMark();
        if (items.size() % 2)
            fail(QStringLiteral("odd number of items for SETITEMS"));
        setItemsOnTarget(top(), items);
        break;
    }
    case GET: memoGet(lineIndex()); break;
    case BINGET: memoGet(takeUInt(1)); break;
    case LONG_BINGET: memoGet(takeUInt(4)); break;
    case PUT: memoPut(lineIndex()); break;
    case BINPUT: memoPut(takeUInt(1)); break;
    case LONG_BINPUT: memoPut(takeUInt(4)); break;
    case MEMOIZE: memoPut(quint64(m_memo.size())); break;
    case GLOBAL: {
        QByteArray module = utf8Arg(takeLine());
        QByteArray name = utf8Arg(takeLine());
        pushGlobal(std::move(module), std::move(name));
        break;
    }
    case STACK_GLOBAL: {
        const int name = pop();
        const int module = pop();
        if (node(name).kind != PyKind::Str || node(module).kind != PyKind::Str)
            fail(QStringLiteral("STACK_GLOBAL requires str"));
        pushGlobal(node(module).text, node(name).text);
        break;
    }
    case INST: {
        QByteArray module = utf8Arg(takeLine());
        QByteArray name = utf8Arg(takeLine());
        const QList<int> args = popMark();
        pushGlobal(std::move(module), std::move(name));
        const int cls = m_stack.takeLast();
        pushContainer(PyKind::Tuple, args);
        const int tuple = m_stack.takeLast();
        push(makeObject(PyBuild::Inst, cls, tuple));
        break;
    }
    case OBJ: {
        QList<int> items = popMark();
        if (items.isEmpty())
            fail(QStringLiteral("unpickling stack underflow"));
        const int cls = items.takeFirst();
        pushContainer(PyKind::Tuple, std::move(items));
        const int tuple = m_stack.takeLast();
        push(makeObject(PyBuild::Obj, cls, tuple));
        break;
    }
    case REDUCE: {
        const int args = pop();
        const int callable = pop();
        push(makeObject(PyBuild::Reduce, callable, args));
        break;
    }
    case NEWOBJ: {
        const int args = pop();
        const int cls = pop();
        push(makeObject(PyBuild::NewObj, cls, args));
        break;
    }
    case NEWOBJ_EX: {
        const int kwargs = pop();
        const int args = pop();
        const int cls = pop();
        push(makeObject(PyBuild::NewObjEx, cls, args, kwargs));
        break;
    }
    case BUILD: {
        const int state = pop();
        PyNode &target = node(top());
        if (target.kind != PyKind::Object)
            fail(QStringLiteral("BUILD on a value made at offset %1 that is not an object").arg(target.offset));
        target.state = state;
        break;
    }
    case EXT1:
    case EXT2:
    case EXT4: {
        const int width = m_op == EXT1 ? 1 : m_op == EXT2 ? 2 : 4;
        const qint64 code = width == 4 ? qint64(qint32(quint32(takeUInt(4)))) : qint64(takeUInt(width));
        if (code <= 0)
            fail(QStringLiteral("EXT specifies code <= 0"));
        const int n = newNode(PyKind::Extension);
        node(n).intValue = PyInt::fromInt64(code);
        push(n);
        break;
    }
    case PERSID: {
        const QByteArrayView line = takeLine();
        if (!pytext::isAscii(line))
            fail(QStringLiteral("persistent IDs in protocol 0 must be ASCII strings"));
        pushStr(line.toByteArray());
        const int pid = m_stack.takeLast();
        const int n = newNode(PyKind::PersistentId);
        node(n).items = {pid};
        push(n);
        break;
    }
    case BINPERSID: {
        const int pid = pop();
        const int n = newNode(PyKind::PersistentId);
        node(n).items = {pid};
        push(n);
        break;
    }
    case NEXT_BUFFER: {
        const int n = newNode(PyKind::Buffer);
        node(n).intValue = PyInt::fromInt64(m_buffers++);
        m_tree->notes.append(QStringLiteral("out-of-band buffer referenced at offset %1 "
                                            "(its data is not part of the pickle)")
                                 .arg(m_opOffset));
        push(n);
        break;
    }
    case READONLY_BUFFER: node(top()).readOnly = true; break;
    default:
        throw Failure{QStringLiteral("invalid opcode 0x%1 at offset %2")
                          .arg(m_op, 2, 16, QLatin1Char('0'))
                          .arg(m_opOffset)};
    }
    return true;
}

PickleResult Machine::run()
{
    PickleResult result;
    result.tree = m_tree;
    try {
        while (step()) {
        }
        if (m_tree->maxDepthFrom(m_tree->root, m_limits.maxDepth) > m_limits.maxDepth) {
            m_tree->root = -1;
            throw Failure{QStringLiteral("value nested deeper than %1 levels").arg(m_limits.maxDepth)};
        }
        if (m_tree->bytesUsed < m_data.size())
            m_tree->notes.append(QStringLiteral("%1 bytes after STOP ignored").arg(m_data.size() - m_tree->bytesUsed));
    } catch (const Failure &f) {
        m_tree->root = -1;
        result.error = f.message;
        result.errorOffset = m_opOffset;
    }
    return result;
}

} // namespace

PickleResult PickleReader::read(QByteArrayView data) const
{
    Machine machine(data, m_limits);
    return machine.run();
}

bool PickleReader::hasProtoHeader(QByteArrayView data)
{
    return data.size() >= 3 && quint8(data[0]) == PROTO && quint8(data[1]) >= 2 && quint8(data[1]) <= 5;
}

QByteArray PickleReader::opcodeName(quint8 op)
{
    return pickleop::name(op);
}

} // namespace cachescope
