#pragma once
// The unpickling machine behind PickleReader (private to the codec): CPython's stack, MARK
// and memo semantics, pushing PyTree nodes instead of objects. Failures unwind with
// Failure, which never leaves picklemachine.cpp / picklereader.cpp.

#include "picklereader.h"
#include "pytext.h"

#include <QHash>

#include <charconv>

namespace cachescope::detail {

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

} // namespace cachescope::detail
