#pragma once
// Test setup through Debian's /usr/bin/python3, the interpreter that has python3-django
// (a pyenv python3 earlier on PATH usually does not): populate.py, tiny Django scripts
// that write cache rows exactly as a site would. Blocking, bounded; test code only.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace cachescope::test {

struct PythonRun
{
    bool ok = false; // exited with status 0
    QByteArray out;  // stdout
    QString error;   // why it failed, with stderr
};

// `python3 -c code args...` (or `python3 script args...` when code is a path ending in .py).
PythonRun runPython(const QString &codeOrScript, const QStringList &args = {}, int timeoutMs = 120000,
                    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// $CACHESCOPE_FIXTURES (set by tests/CMakeLists.txt): the folder holding populate.py.
QString fixturesDir();

} // namespace cachescope::test
