#include "djangomanifest.h"

#include "python.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace cachescope::test {

namespace {

QString mismatch(const char *what, const QString &actual, const QString &expected)
{
    return QStringLiteral("%1: got %2, expected %3")
        .arg(QLatin1StringView(what), actual.left(400), expected.left(400));
}

} // namespace

DjangoManifest populateDjango(const QStringList &backendArgs, const QString &backend, const QString &dir)
{
    DjangoManifest m;
    const QString populate = fixturesDir() + QStringLiteral("/populate.py");
    if (fixturesDir().isEmpty() || !QFile::exists(populate)) {
        m.error = QStringLiteral("CACHESCOPE_FIXTURES does not point at the folder holding populate.py");
        return m;
    }
    const QString manifestPath = QDir(dir).filePath(QStringLiteral("manifest.json"));
    const PythonRun run =
        runPython(populate, backendArgs + QStringList{QStringLiteral("--manifest"), manifestPath}, 300000);
    QFile file(manifestPath);
    if (!run.ok || !file.open(QIODevice::ReadOnly)) {
        m.error = run.error.isEmpty() ? QStringLiteral("no manifest written") : run.error;
        return m;
    }
    const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    for (const QJsonValue &e : manifest.value(u"entries").toArray())
        if (e.toObject().value(u"backend").toString() == backend)
            m.entries.append(e.toObject());
    if (m.entries.isEmpty())
        m.error = QStringLiteral("the manifest lists no %1 entries").arg(backend);
    return m;
}

QByteArray sha256Hex(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
}

bool isDigestOnly(const QString &expected)
{
    static const QRegularExpression digest(QStringLiteral("^<\\S+ len=\\d+ repr_sha256=[0-9a-f]{64}>$"));
    return digest.match(expected).hasMatch();
}

QByteArray rawKeyOf(const QJsonObject &entry)
{
    return QByteArray::fromHex(entry.value(u"raw_key_utf8_hex").toString().toLatin1());
}

bool isPresent(const QJsonObject &entry)
{
    return entry.value(u"state").toString() == u"present";
}

bool isShortLived(const QJsonObject &entry)
{
    return entry.value(u"ttl_bucket").toString().startsWith(u"short");
}

QString compareDecoded(const DecodedValue &decoded, const QJsonObject &entry)
{
    if (!decoded.ok())
        return QStringLiteral("decode errors: ") + decoded.errors.join(u'\n');
    if (decoded.dangerous)
        return QStringLiteral("flagged dangerous: ") + decoded.dangerReasons.join(u'\n');
    if (decoded.reprTruncated)
        return QStringLiteral("repr truncated");
    const QString type = entry.value(u"value_type").toString();
    if (decoded.valueType != type)
        return mismatch("value_type", decoded.valueType, type);
    const QString expected = entry.value(u"expected_repr").toString();
    if (!isDigestOnly(expected) && decoded.repr != expected)
        return mismatch("repr", decoded.repr, expected);
    const QByteArray sha = entry.value(u"repr_sha256").toString().toLatin1();
    if (sha256Hex(decoded.repr) != sha)
        return mismatch("repr sha256", QString::fromLatin1(sha256Hex(decoded.repr)),
                        QString::fromLatin1(sha));
    return {};
}

QString compareCliJson(const QJsonObject &o, const QJsonObject &entry)
{
    const auto text = [&](QStringView field) { return o.value(field).toString(); };
    if (text(u"key") != entry.value(u"raw_key").toString())
        return mismatch("key", text(u"key"), entry.value(u"raw_key").toString());
    if (text(u"key_hex") != entry.value(u"raw_key_utf8_hex").toString())
        return mismatch("key_hex", text(u"key_hex"), entry.value(u"raw_key_utf8_hex").toString());
    if (!o.value(u"exists").toBool())
        return QStringLiteral("exists is not true");
    if (text(u"value_type") != entry.value(u"value_type").toString())
        return mismatch("value_type", text(u"value_type"), entry.value(u"value_type").toString());
    const QByteArray sha = entry.value(u"repr_sha256").toString().toLatin1();
    if (sha256Hex(text(u"python")) != sha)
        return mismatch("python", text(u"python"), entry.value(u"expected_repr").toString());
    if (o.value(u"encoding").toArray().isEmpty())
        return QStringLiteral("no encoding chain");
    const QJsonObject django = o.value(u"django").toObject();
    if (django.value(u"prefix").toString() != entry.value(u"prefix").toString())
        return mismatch("django.prefix", django.value(u"prefix").toString(),
                        entry.value(u"prefix").toString());
    if (django.value(u"version").toInt() != entry.value(u"version").toInt())
        return mismatch("django.version", QString::number(django.value(u"version").toInt()),
                        QString::number(entry.value(u"version").toInt()));
    if (django.value(u"key").toString() != entry.value(u"key").toString())
        return mismatch("django.key", django.value(u"key").toString(), entry.value(u"key").toString());
    const QString user = entry.value(u"key").toString();
    const QString kind =
        user.startsWith(u"views.decorators.cache.cache_page.")     ? QStringLiteral("cache_page page")
        : user.startsWith(u"views.decorators.cache.cache_header.") ? QStringLiteral("cache_page header")
                                                                   : QStringLiteral("plain");
    if (django.value(u"kind").toString() != kind)
        return mismatch("django.kind", django.value(u"kind").toString(), kind);
    return {};
}

QList<QJsonObject> cliSample(const QList<QJsonObject> &entries)
{
    QList<QJsonObject> out;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject &e = entries.at(i);
        const QString key = e.value(u"raw_key").toString();
        if (!isPresent(e) || isShortLived(e))
            continue;
        if (i % 4 == 0 || key.contains(u"large") || key.contains(u"café") || e.contains(u"response_content"))
            out.append(e);
    }
    return out;
}

} // namespace cachescope::test
