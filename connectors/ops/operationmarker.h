#pragma once
// Something to mark on the charts at an instant: an operator's delete or invalidation
// (the main window forwards KeyPanel deletes; invalidation jobs add theirs), or an event
// the sampler saw itself (a counter reset, a server that stopped answering).

#include <QMetaType>
#include <QString>

namespace cachescope {

struct OperationMarker
{
    enum class Kind : quint8
    {
        Delete,
        Invalidate,
        Reset,
        Unreachable
    };

    qint64 timestampMs = 0; // wall clock, ms since the epoch
    Kind kind = Kind::Delete;
    QString label;        // short, drawn by the line: "delete shop:1:cart:42", "reset"
    QString detail;       // for the hover readout: "restarted (new run_id)", the error
    qint64 keyCount = -1; // keys the operation removed; -1 = not a key operation
    QString server;       // the pool member it concerns; empty = the connection

    bool isOperatorAction() const { return kind == Kind::Delete || kind == Kind::Invalidate; }
    // "delete shop:1:cart:42 (1 key)", "10.0.0.2:11211 reset"; what the chart writes by the line.
    QString text() const;
    // text() and the detail: "10.0.0.2:11211 reset: restarted (new run_id)".
    QString longText() const;
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::OperationMarker)
