#include "linedecimation.h"

#include <cmath>

namespace cachescope {

namespace {

using It = QCPGraphDataContainer::const_iterator;

// The open run of one column: indices (as iterators) of its first, lowest, highest and
// last point.
struct Run
{
    It first, low, high, last;
    qint64 column = 0;
    bool open = false;
};

void appendKeepingFlat(QVector<QCPGraphData> &out, const QCPGraphData &point)
{
    // Drop the middle of three equal finite values: the same horizontal stroke.
    const qsizetype n = out.size();
    if (n >= 2 && std::isfinite(point.value) && out[n - 1].value == point.value &&
        out[n - 2].value == point.value)
        out[n - 1] = point;
    else
        out.append(point);
}

void flush(Run &run, QVector<QCPGraphData> &out)
{
    if (!run.open)
        return;
    run.open = false;
    It picks[4] = {run.first, run.low, run.high, run.last};
    if (picks[2] < picks[1])
        std::swap(picks[1], picks[2]);
    It previous = It();
    bool any = false;
    for (const It &pick : picks) {
        if (any && pick == previous)
            continue;
        appendKeepingFlat(out, *pick);
        previous = pick;
        any = true;
    }
}

} // namespace

QVector<QCPGraphData> decimateMinMax(It begin, It end, double keyLower, double keyUpper, int columns)
{
    const double span = keyUpper - keyLower;
    if (columns < 1 || !(span > 0) || !std::isfinite(span))
        return QVector<QCPGraphData>(begin, end);
    const double perKey = double(columns) / span;
    QVector<QCPGraphData> out;
    out.reserve(qMin<qsizetype>(end - begin, 4 * qsizetype(columns) + 8));
    Run run;
    for (It it = begin; it != end; ++it) {
        const double v = it->value;
        if (!std::isfinite(v)) {
            flush(run, out);
            if (out.isEmpty() || !std::isnan(out.constLast().value))
                out.append(QCPGraphData(it->key, qQNaN()));
            continue;
        }
        const double at = (it->key - keyLower) * perKey;
        const qint64 column = at >= 0 ? qint64(at) : qint64(std::floor(at));
        if (run.open && column != run.column)
            flush(run, out);
        if (!run.open) {
            run.first = run.low = run.high = run.last = it;
            run.column = column;
            run.open = true;
            continue;
        }
        if (v < run.low->value)
            run.low = it;
        if (v > run.high->value)
            run.high = it;
        run.last = it;
    }
    flush(run, out);
    return out;
}

QVector<QCPGraphData> decimateMinMax(const QVector<QCPGraphData> &points, double keyLower, double keyUpper,
                                     int columns)
{
    return decimateMinMax(points.constBegin(), points.constEnd(), keyLower, keyUpper, columns);
}

} // namespace cachescope
