#include "picklemachine.h"

#include "pickleopcodes.h"

#include <QtEndian>

#include <cmath>
#include <cstring>

namespace cachescope::detail {

using namespace pickleop;

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
    case POP_MARK:
        popMark();
        break;
    case DUP:
        push(top());
        break;
    case NONE:
        push(newNode(PyKind::None));
        break;
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
    case BININT:
        pushInt(PyInt::fromInt64(qint32(quint32(takeUInt(4)))));
        break;
    case BININT1:
        pushInt(PyInt::fromInt64(qint64(takeUInt(1))));
        break;
    case BININT2:
        pushInt(PyInt::fromInt64(qint64(takeUInt(2))));
        break;
    case LONG1:
        pushInt(PyInt::fromTwosComplement(take(takeUInt(1))));
        break;
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
    case SHORT_BINSTRING:
        pushPy2String(take(takeUInt(1)));
        break;
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
    case SHORT_BINUNICODE:
        pushStr(utf8Arg(take(takeUInt(1))));
        break;
    case BINUNICODE:
        pushStr(utf8Arg(take(takeUInt(4))));
        break;
    case BINUNICODE8:
        pushStr(utf8Arg(take(takeUInt(8))));
        break;
    case EMPTY_LIST:
        pushContainer(PyKind::List, {});
        break;
    case EMPTY_TUPLE:
        pushContainer(PyKind::Tuple, {});
        break;
    case EMPTY_DICT:
        pushContainer(PyKind::Dict, {});
        break;
    case EMPTY_SET:
        pushContainer(PyKind::Set, {});
        break;
    case LIST:
        pushContainer(PyKind::List, popMark());
        break;
    case TUPLE:
        pushContainer(PyKind::Tuple, popMark());
        break;
    case FROZENSET:
        pushContainer(PyKind::FrozenSet, popMark());
        break;
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
    case GET:
        memoGet(lineIndex());
        break;
    case BINGET:
        memoGet(takeUInt(1));
        break;
    case LONG_BINGET:
        memoGet(takeUInt(4));
        break;
    case PUT:
        memoPut(lineIndex());
        break;
    case BINPUT:
        memoPut(takeUInt(1));
        break;
    case LONG_BINPUT:
        memoPut(takeUInt(4));
        break;
    case MEMOIZE:
        memoPut(quint64(m_memo.size()));
        break;
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
            fail(QStringLiteral("BUILD on a value made at offset %1 that is not an object")
                     .arg(target.offset));
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
    case READONLY_BUFFER:
        node(top()).readOnly = true;
        break;
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
            m_tree->notes.append(
                QStringLiteral("%1 bytes after STOP ignored").arg(m_data.size() - m_tree->bytesUsed));
    } catch (const Failure &f) {
        m_tree->root = -1;
        result.error = f.message;
        result.errorOffset = m_opOffset;
    }
    return result;
}

} // namespace cachescope::detail
