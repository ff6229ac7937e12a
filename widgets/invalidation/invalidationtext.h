#pragma once
// The sentences the invalidation window says: what is about to happen, how far it has
// got, what was done. Pure functions of the job, its counts and the connection, so the
// dialog, its tests and the audit view word things the same way.

#include "core/invalidationjob.h"

#include <QString>
#include <QStringList>

namespace cachescope {

struct SavedConnection;

// Above this many keys (or on a production connection) the operator types to confirm.
inline constexpr qint64 TypedConfirmationAbove = 1000;

bool needsTypedConfirmation(bool production, qint64 matched);

// The globs of the job as the operator reads them (escaped where a key has odd bytes).
QStringList displayPatterns(const InvalidationJob &job);

// What may be typed to confirm: the job's single pattern when it has one short enough to
// type, and always the connection's title. The first is the one to suggest.
QStringList confirmationPhrases(const InvalidationJob &job, const SavedConnection &connection);
bool confirmationAccepted(const QString &typed, const InvalidationJob &job, const SavedConnection &connection);

// "Delete 4,213 keys (namespace shop:3: shop:3:*) on prod (10.0.0.5:6379/0)."
QString describePlan(const InvalidationJob &job, qint64 matched, const SavedConnection &connection);

// "scanned 120,000 · matched 4,213" for a preview; for a write also "deleted 1,000 ·
// 8,400 keys/s · ETA 3 s".
QString describeProgress(const InvalidationProgress &progress, InvalidationJob::Action action);

// The final word: "Completed: deleted 4,213 keys … in 1.2 s." / "Cancelled after …" /
// "Failed after …: <error>".
QString describeReport(const InvalidationJob &job, const InvalidationReport &report,
                       const SavedConnection &connection);

// "deleted", "expired", "incremented", "matched" (preview).
QString pastTenseOf(InvalidationJob::Action action);

} // namespace cachescope
