#pragma once
// populate.py's manifest (../shared/fixtures/django/README.txt) as the Django tests read
// it: run the generator against one backend, pick that backend's entries, and compare a
// decoded value or a `cachescope-cli get --json` object with what Django's cache.get()
// returned. The compare helpers return an empty string on a match, else what differed,
// for QVERIFY2.

#include "codec/valuedecoder.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace cachescope::test {

struct DjangoManifest
{
    QList<QJsonObject> entries; // the chosen backend's only
    QString error;              // why populate.py or the manifest failed
    bool ok() const { return error.isEmpty(); }
};

// Runs populate.py with `backendArgs` (e.g. {"--memcached", "127.0.0.1:PORT"}) writing its
// manifest into `dir`, and keeps the entries whose "backend" is `backend`.
DjangoManifest populateDjango(const QStringList &backendArgs, const QString &backend, const QString &dir);

QByteArray sha256Hex(const QString &text);
// populate.py writes "<type len=N repr_sha256=...>" instead of reprs longer than 300 chars.
bool isDigestOnly(const QString &expected);
QByteArray rawKeyOf(const QJsonObject &entry);
bool isPresent(const QJsonObject &entry);
// The 20-second entries: they may have expired by the time a test reads them.
bool isShortLived(const QJsonObject &entry);

// decoded.ok, not dangerous, whole repr, value_type, expected_repr (or its sha256).
QString compareDecoded(const DecodedValue &decoded, const QJsonObject &entry);
// key, exists, value_type, python's sha256, the django key fields and kind.
QString compareCliJson(const QJsonObject &cli, const QJsonObject &entry);

// Rows for a CLI sample: every fourth present, long-lived entry plus the large, unicode
// and cache_page ones.
QList<QJsonObject> cliSample(const QList<QJsonObject> &entries);

} // namespace cachescope::test
