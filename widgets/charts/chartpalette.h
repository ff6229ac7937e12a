#pragma once
// QCustomPlot paints white backgrounds and black axes by default, whatever the desktop
// theme. These give a plot the widget palette instead, so charts follow dark mode.
// Applied when a chart is built; a theme switch while the app runs shows on the next start.

#include <QColor>
#include <QPalette>

class QCustomPlot;

namespace cachescope {

// Background from QPalette::Base, axes, ticks and labels from QPalette::Text, grids from
// QPalette::Mid, for every axis rect the plot has now.
void applyChartPalette(QCustomPlot *plot);
// A translucent fill behind text drawn over data (legends, marker labels).
QColor chartTextBackground(const QPalette &palette, int alpha);
// The colour of a line that must stand out from every series: the palette's text colour.
QColor chartForeground(const QPalette &palette, int alpha = 255);

} // namespace cachescope
