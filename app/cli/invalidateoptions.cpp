#include "invalidateoptions.h"

#include "core/keyescape.h"

#include <QCommandLineParser>

#include <cmath>

namespace cachescope::cli {

namespace {

QCommandLineOption option(const char *name, const char *help, const char *valueName = nullptr)
{
    return valueName ? QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                          QString::fromLatin1(valueName))
                     : QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help));
}

Error usage(const QString &message)
{
    return Error::make(ErrorKind::Usage, message);
}

Expected<QList<QByteArray>> unescapedKeys(const QStringList &texts, const QString &optionName)
{
    QList<QByteArray> keys;
    for (const QString &text : texts) {
        auto key = unescapeKey(text);
        if (!key)
            return usage(QStringLiteral("%1 '%2': %3").arg(optionName, text, key.error().message));
        if (key->isEmpty())
            return usage(QStringLiteral("%1: a key cannot be empty").arg(optionName));
        keys.append(std::move(key).value());
    }
    return keys;
}

} // namespace

void addInvalidateOptions(QCommandLineParser &parser)
{
    parser.addOption(option("key", "Delete this key (escaped as keys prints it); repeat for more.", "KEY"));
    parser.addOption(option("namespace",
                            "Every key of Django's version namespace PREFIX:VERSION:* "
                            "(glob characters in PREFIX are literal).",
                            "PREFIX:VERSION"));
    parser.addOption(
        option("prefix", "Every key of the Django KEY_PREFIX, all versions (PREFIX:<version>:*).", "PREFIX"));
    parser.addOption(
        option("older-than", "Every key of PREFIX whose Django version is below N.", "PREFIX:N"));
    parser.addOption(option("page-url",
                            "A page cached by cache_page / the cache middleware: its header key "
                            "and every variant (methods, Vary headers, languages, time zones).",
                            "URL"));
    parser.addOption(option("page-prefix",
                            "With --page-url: the cache middleware key prefix "
                            "(CACHE_MIDDLEWARE_KEY_PREFIX or cache_page(key_prefix=...)).",
                            "P"));
    parser.addOption(option("bump", "Increment this version counter key (INCR); repeat for more.", "KEY"));
    parser.addOption(option("soft", "Do not delete: let the matching keys expire after TTL seconds.", "TTL"));
    parser.addOption(
        option("dry-run", "Only preview: count and sample what would be touched; write nothing."));
    parser.addOption(option("yes", "Do not ask for confirmation (needed when stdin is not a terminal)."));
    parser.addOption(option("rate", "Write at most N keys per second (protects a loaded server).", "N"));
    parser.addOption(option("json", "Print one JSON object at the end: the preview and what was done."));
}

Expected<InvalidateOptions> invalidateOptionsFrom(const QCommandLineParser &parser, int defaultBatchSize)
{
    using Kind = InvalidationTarget::Kind;
    InvalidateOptions options;
    options.batchSize = defaultBatchSize;
    const auto isSet = [&](const char *name) { return parser.isSet(QString::fromLatin1(name)); };
    const auto value = [&](const char *name) { return parser.value(QString::fromLatin1(name)); };

    QStringList given;
    for (const char *name : {"key", "match", "namespace", "prefix", "older-than", "page-url", "bump"}) {
        if (isSet(name))
            given.append(QStringLiteral("--%1").arg(QLatin1StringView(name)));
    }
    if (given.isEmpty())
        return usage(QStringLiteral("invalidate: say what to invalidate: --key, --match, --namespace, "
                                    "--prefix, --older-than, --page-url or --bump"));
    if (given.size() > 1)
        return usage(
            QStringLiteral("invalidate: give one target only, not %1").arg(given.join(QStringLiteral(", "))));
    if (isSet("page-prefix") && !isSet("page-url"))
        return usage(QStringLiteral("invalidate: --page-prefix goes with --page-url"));

    InvalidationTarget &target = options.target;
    if (isSet("key") || isSet("bump")) {
        const bool bump = isSet("bump");
        auto keys = unescapedKeys(parser.values(QLatin1StringView(bump ? "bump" : "key")),
                                  bump ? QStringLiteral("--bump") : QStringLiteral("--key"));
        if (!keys)
            return keys.error();
        target.kind = bump ? Kind::Bump : Kind::Keys;
        target.keys = std::move(keys).value();
    } else if (isSet("match")) {
        target.kind = Kind::Pattern;
        target.pattern = value("match").toUtf8();
    } else if (isSet("namespace") || isSet("older-than")) {
        const bool older = isSet("older-than");
        auto parsed = parseNamespaceArgument(value(older ? "older-than" : "namespace"),
                                             older ? Kind::OlderThan : Kind::Namespace);
        if (!parsed)
            return usage(QStringLiteral("%1: %2").arg(older ? QStringLiteral("--older-than")
                                                            : QStringLiteral("--namespace"),
                                                      parsed.error().message));
        target = std::move(parsed).value();
    } else if (isSet("prefix")) {
        target.kind = Kind::Prefix;
        target.prefix = value("prefix").toUtf8();
    } else {
        target.kind = Kind::Page;
        target.pageUrl = value("page-url");
        target.pagePrefix = value("page-prefix").toUtf8();
    }

    if (isSet("soft")) {
        bool ok = false;
        const double seconds = value("soft").toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 10.0 * 365 * 24 * 3600)
            return usage(QStringLiteral("--soft expects a TTL in seconds greater than zero, not '%1'")
                             .arg(value("soft")));
        target.softTtlMs = qMax<qint64>(1, qint64(std::llround(seconds * 1000)));
    }
    if (isSet("rate")) {
        bool ok = false;
        const int rate = value("rate").toInt(&ok);
        if (!ok || rate < 1)
            return usage(QStringLiteral("--rate expects keys per second (a whole number ≥ 1), not '%1'")
                             .arg(value("rate")));
        options.rateLimit = rate;
    }
    if (isSet("count")) {
        bool ok = false;
        const int count = value("count").toInt(&ok);
        if (!ok || count < 1 || count > 100000)
            return usage(
                QStringLiteral("--count expects a number from 1 to 100000, not '%1'").arg(value("count")));
        options.batchSize = count;
    }
    options.dryRun = isSet("dry-run");
    options.yes = isSet("yes");
    options.json = isSet("json");
    // The planner's own checks (empty pattern, bad page URL, --soft with --bump) are usage
    // errors too, and better found now than after connecting.
    if (auto job = planInvalidation(target, false); !job)
        return job.error();
    return options;
}

} // namespace cachescope::cli
