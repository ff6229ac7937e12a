#pragma once
// <qcustomplot.h> for a project built with QT_NO_FOREACH: QCustomPlot 2.1 uses Qt's
// foreach in two inline templates (plottableAt, itemAt), which that define removes. A
// range-for stands in while the header is read; both loops only read the list.
// Include this instead of <qcustomplot.h>.

#if defined(QT_NO_FOREACH) && !defined(foreach)
#define foreach(variable, container) for (variable : container)
#define CACHESCOPE_FOREACH_SHIM
#endif

#include <qcustomplot.h>

#ifdef CACHESCOPE_FOREACH_SHIM
#undef foreach
#undef CACHESCOPE_FOREACH_SHIM
#endif
