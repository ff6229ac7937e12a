#pragma once
// Test-side SQLite writes (setup and checks) with a connection of the calling thread's
// own, opened and closed per call, so it never shares anything with a connector.

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace cachescope::test {

// Runs the statements in one transaction; a statement with `?` runs once per row of
// `rows`. False (and a qWarning with SQLite's message) on any error.
bool execSql(const QString &path, const QStringList &statements, const QList<QVariantList> &rows = {});

// Reads the first column of the first row (or an invalid QVariant).
QVariant querySql(const QString &path, const QString &sql);

// Django's `createcachetable` DDL for SQLite (django_cache, without the expires index).
QString djangoCacheTableSql(const QString &table = QStringLiteral("django_cache"));

} // namespace cachescope::test
