#include "pydanger.h"

#include "pyaccess.h"

#include <QSet>

namespace cachescope {

namespace {

// Why a name is dangerous, or empty when it is not.
QString dangerOf(const QByteArray &qualified)
{
    const QByteArray module = qualified.left(qualified.indexOf('.'));
    const QByteArray name = qualified.mid(qualified.lastIndexOf('.') + 1);
    if ((module == "os" || module == "posix" || module == "nt") &&
        (name == "system" || name == "popen" || name.startsWith("exec") || name.startsWith("spawn") ||
         name == "posix_spawn" || name == "posix_spawnp" || name == "fork" || name == "forkpty"))
        return QStringLiteral("runs a shell command or a program");
    if (module == "subprocess" || module == "pty" || module == "commands" ||
        qualified == "asyncio.create_subprocess_shell" || qualified == "asyncio.create_subprocess_exec" ||
        qualified == "platform.popen")
        return QStringLiteral("starts a process");
    if (module == "builtins" || module == "__builtin__") {
        static const QSet<QByteArray> code{"eval", "exec", "compile", "execfile", "breakpoint", "input"};
        static const QSet<QByteArray> reflection{"__import__", "getattr", "setattr", "delattr",
                                                 "globals",    "locals",  "vars",    "apply"};
        if (code.contains(name))
            return QStringLiteral("evaluates Python code");
        if (reflection.contains(name))
            return QStringLiteral("reaches arbitrary objects by name");
        if (name == "open")
            return QStringLiteral("opens a file");
        return {};
    }
    static const QSet<QByteArray> codeModules{
        "importlib", "runpy",   "code", "codeop",   "ctypes",     "marshal",         "pickle",
        "_pickle",   "cPickle", "dill", "shelve",   "pdb",        "timeit",          "cProfile",
        "profile",   "trace",   "sys",  "socket",   "webbrowser", "multiprocessing", "shutil",
        "types",     "_io",     "io",   "tempfile", "operator"};
    if (codeModules.contains(module)) {
        if (module == "operator" && name != "attrgetter" && name != "methodcaller")
            return {};
        if ((module == "io" || module == "_io") && name != "open" && name != "FileIO")
            return {};
        if (module == "types" && name != "FunctionType" && name != "CodeType" && name != "LambdaType")
            return {};
        return QStringLiteral("can run code, load modules or touch files and sockets");
    }
    return {};
}

} // namespace

DangerReport scanForDanger(const PyTree &tree)
{
    DangerReport report;
    QSet<int> called;
    for (int i = 0; i < tree.nodes.size(); ++i) {
        const PyNode &n = tree.at(i);
        if (n.kind != PyKind::Object || !tree.valid(n.callable))
            continue;
        // getattr(SomeClass, 'method') is how protocols < 4 write nested names: harmless
        // unless what it resolves to is itself dangerous.
        if (pyaccess::isPlainAttributeLookup(tree, i)) {
            called.insert(n.callable);
            const QByteArray resolved = pyaccess::qualifiedName(tree, i);
            if (const QString why = dangerOf(resolved); !why.isEmpty()) {
                if (!report.names.contains(QString::fromUtf8(resolved)))
                    report.names.append(QString::fromUtf8(resolved));
                report.reasons.append(QStringLiteral("looks up %1 at offset %2: %3")
                                          .arg(QString::fromUtf8(resolved))
                                          .arg(n.offset)
                                          .arg(why));
            }
            continue;
        }
        const QByteArray callee = pyaccess::qualifiedName(tree, n.callable);
        if (callee.isEmpty()) {
            if (tree.at(n.callable).kind == PyKind::Object)
                report.reasons.append(
                    QStringLiteral("calls the result of another call at offset %1").arg(n.offset));
            continue;
        }
        called.insert(n.callable);
        if (const QString why = dangerOf(callee); !why.isEmpty()) {
            if (!report.names.contains(QString::fromUtf8(callee)))
                report.names.append(QString::fromUtf8(callee));
            report.reasons.append(QStringLiteral("calls %1 at offset %2: %3")
                                      .arg(QString::fromUtf8(callee))
                                      .arg(n.offset)
                                      .arg(why));
        }
    }
    for (int i = 0; i < tree.nodes.size(); ++i) {
        const PyNode &n = tree.at(i);
        if (n.kind != PyKind::Global || called.contains(i))
            continue;
        const QByteArray qualified = n.text + '.' + n.name;
        if (const QString why = dangerOf(qualified); !why.isEmpty()) {
            if (!report.names.contains(QString::fromUtf8(qualified)))
                report.names.append(QString::fromUtf8(qualified));
            report.reasons.append(QStringLiteral("imports %1 at offset %2: %3")
                                      .arg(QString::fromUtf8(qualified))
                                      .arg(n.offset)
                                      .arg(why));
        }
    }
    report.dangerous = !report.reasons.isEmpty();
    return report;
}

} // namespace cachescope
