#pragma once
// Min/max decimation of a line to the pixel columns it is drawn on.
//
// Why: a 24 h window holds 1,440 points per line against ~500 px of panel, and a pool
// draws 60 such lines. Keeping, per pixel column, the first, lowest, highest and last
// point (in time order) draws the same picture as the full line (every spike reaches its
// peak; the line enters and leaves each column where it did) with at most 4 points per
// column. QCustomPlot's adaptive sampling does something similar but on every replot and
// with a heuristic that can flatten a lone spike.
//
// A non-finite value (NaN: no data, a reset, an unreachable server) ends the run: the
// result holds one NaN point there, so the gap stays a gap. Points in one column on both
// sides of a gap form two runs, each decimated on its own.
//
// Bound: gap-free input gives at most 4 points per column touched; every gap adds at most
// one NaN point and one run (4 points). Inside a run, a point whose neighbours share its
// value (a flat memory limit) is dropped too: the same horizontal stroke.

#include "qcustomplotinclude.h"

namespace cachescope {

// Points of [begin, end) (sorted by key) decimated to `columns` columns spanning
// [keyLower, keyUpper]; points outside that span fall in columns of the same width
// beyond it. columns < 1 or an empty span returns the points unchanged.
QVector<QCPGraphData> decimateMinMax(QCPGraphDataContainer::const_iterator begin,
                                     QCPGraphDataContainer::const_iterator end, double keyLower,
                                     double keyUpper, int columns);
// The same for a plain vector (tests).
QVector<QCPGraphData> decimateMinMax(const QVector<QCPGraphData> &points, double keyLower, double keyUpper,
                                     int columns);

} // namespace cachescope
