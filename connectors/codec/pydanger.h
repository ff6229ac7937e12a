#pragma once
// Flags values whose unpickling would run code with side effects: shell commands, process
// spawning, eval/exec, imports by name, file access. The reader never runs them; this
// only tells the operator that the cache holds something hostile (or very unusual).

#include "pytree.h"

#include <QStringList>

namespace cachescope {

struct DangerReport
{
    bool dangerous = false;
    QStringList reasons; // "calls posix.system at offset 0: runs a shell command"
    QStringList names;   // the dangerous callables, each once, in order: "posix.system"
};

// Scans every node that was built, including those before a parse error.
DangerReport scanForDanger(const PyTree &tree);

} // namespace cachescope
