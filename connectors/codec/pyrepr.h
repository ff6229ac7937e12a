#pragma once
// Python repr() of what pickle.loads would have returned, computed from the value tree
// without running anything. Builtins print exactly as CPython 3.11 prints them; datetime,
// Decimal, UUID, OrderedDict, defaultdict, pytz / zoneinfo zones, Django responses and model
// instances print readably; any other object prints as module.Class(arguments, state).
// Recursive values print as Python does ([[...]], {'a': {...}}). Output is capped.

#include "pytree.h"

#include <QString>

#include <vector>

namespace cachescope {

struct ReprOptions
{
    qsizetype maxChars = 4 * 1024 * 1024;
    int maxDepth = 1000;
};

class PyRepr
{
public:
    explicit PyRepr(const PyTree &tree, ReprOptions options = {});
    QString render(int node);
    bool truncated() const { return m_truncated; }
    // repr() of a class or function reference ("<class 'int'>", "<class 'app.Model'>").
    static QString globalRepr(const PyNode &global);

private:
    void write(int node);
    void writeContainer(const PyNode &n);
    void writeObject(int node);
    void writeGeneric(int node);
    void writeCallee(int node);
    void writeArgs(const QList<int> &args);
    void writePairs(const QList<int> &flatPairs);
    bool writeKnown(int node); // pyreprknown.cpp
    bool writeDateTime(int node, const QByteArray &type);
    bool writeTzInfo(int node);
    void text(const QString &s);
    void text(QLatin1StringView s) { text(QString(s)); }

    const PyTree &m_tree;
    ReprOptions m_options;
    QString m_out;
    std::vector<char> m_active;
    int m_depth = 0;
    bool m_truncated = false;
};

} // namespace cachescope
