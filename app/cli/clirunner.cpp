#include "clirunner.h"

#include "clioptions.h"
#include "codec/decodecontextfor.h"
#include "core/buildinfo.h"
#include "core/keyescape.h"
#include "getcommand.h"
#include "invalidatecommand.h"
#include "keyscommand.h"
#include "namespacescommand.h"
#include "statscommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <limits>

namespace cachescope::cli {

namespace {

const char Overview[] =
    "Usage: cachescope-cli COMMAND URL [options]\n"
    "Inspect a Django cache from the shell.\n"
    "\n"
    "Commands:\n"
    "  keys URL    stream every key (SCAN), one per line or as JSON lines\n"
    "  get URL KEY show the type, TTL, size and value of one key (pickles as Python's repr)\n"
    "  namespaces URL  keys per Django KEY_PREFIX and VERSION, largest first\n"
    "  stats URL   live hit ratio, hits, misses, evictions, expiries, ops per second\n"
    "  invalidate URL TARGET  preview, confirm and delete (or expire, or bump) keys: --key, --match,\n"
    "              --namespace, --prefix, --older-than, --page-url, --bump; writes the audit log\n"
    "\n"
    "URL: redis://[user[:password]@]host[:port][/db][?options], rediss://..., unix:///path.sock?db=N,\n"
    "     memcached://[user:password@]host:port[,host:port...] (a pool; every server is listed),\n"
    "     Django's cache table: sqlite:///abs/path/db.sqlite3, postgresql://user[:pw]@host[:port]/db,\n"
    "     mysql://user[:pw]@host[:port]/db, with ?table=django_cache&tz=Europe/Paris (tz: USE_TZ=False sites)\n"
    "Keys are printed and typed in escaped form: \\\\, \\n, \\r, \\t, \\0, \\xNN.\n"
    "Exit codes: 0 ok, 1 key not found (invalidate: declined at the prompt), 2 usage error or refused,\n"
    "            3 connection or server error, 130 invalidate interrupted by Ctrl-C.\n"
    "Run 'cachescope-cli COMMAND --help' for a command's options.\n";

void writeTo(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

int usageError(const QString &message, const QString &command = QString())
{
    printError(message);
    writeTo(stderr, command.isEmpty() ? QStringLiteral("Try 'cachescope-cli --help'.\n")
                                      : QStringLiteral("Try 'cachescope-cli %1 --help'.\n").arg(command));
    return ExitUsage;
}

void addCommandAndUrl(QCommandLineParser &parser, const QString &command)
{
    parser.addPositionalArgument(command, QStringLiteral("The command."), command);
    parser.addPositionalArgument(QStringLiteral("url"),
                                 QStringLiteral("Connection URL, e.g. redis://127.0.0.1:6379/0"));
}

// --match and --count, shared by the commands that walk the keyspace.
void addScanOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("match"),
                                        QStringLiteral("Only keys matching the glob (SCAN MATCH)."),
                                        QStringLiteral("GLOB")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("count"), QStringLiteral("Keys the server looks at per SCAN page (SCAN COUNT hint)."),
        QStringLiteral("N")));
}

// The connection of a command whose only argument is the URL; the error is a usage message.
Expected<ConnectionSpec> soleUrlSpec(const QCommandLineParser &parser, const QString &command)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2)
        return Error::make(ErrorKind::Usage,
                           args.size() < 2 ? QStringLiteral("%1: missing the connection URL").arg(command)
                                           : QStringLiteral("%1: unexpected argument '%2'").arg(command, args.at(2)));
    return connectionSpecFrom(parser, args.at(1));
}

// --count as a positive number into *value (left alone when not given); false when malformed.
bool readPositiveCount(const QCommandLineParser &parser, qint64 *value)
{
    if (!parser.isSet(QStringLiteral("count")))
        return true;
    bool ok = false;
    const qint64 n = parser.value(QStringLiteral("count")).toLongLong(&ok);
    if (!ok || n < 1)
        return false;
    *value = n;
    return true;
}

int badCount(const QCommandLineParser &parser, const QString &command)
{
    return usageError(
        QStringLiteral("--count expects a positive number, not '%1'").arg(parser.value(QStringLiteral("count"))),
        command);
}

void describeKeys(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Stream every key of the database (SCAN), printed as the pages arrive: one escaped key per line, "
        "or with --json one object per line with key, key_hex, type, ttl (seconds, null = no expiry) and "
        "size (bytes in memory); for memcached also server (the pool member(s) holding the key). memcached "
        "keys are listed with lru_crawler metadump and --match is applied client-side."));
    addCommandAndUrl(parser, QStringLiteral("keys"));
    addScanOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("One JSON object per line.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("no-meta"), QStringLiteral("With --json: leave out type, ttl and size (faster).")));
}

void describeGet(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Show one key: type, TTL and size on stderr and the value on stdout (a string as its raw bytes, a "
        "collection one escaped element per line), or everything as one JSON object with --json."));
    addCommandAndUrl(parser, QStringLiteral("get"));
    parser.addPositionalArgument(QStringLiteral("key"),
                                 QStringLiteral("The key, escaped as keys prints it (\\xNN, \\n, \\\\ ...)."),
                                 QStringLiteral("KEY"));
    parser.addOption(
        QCommandLineOption(QStringLiteral("key-hex"),
                           QStringLiteral("Give the key as hex digits instead (the key_hex of keys --json)."),
                           QStringLiteral("HEX")));
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print one JSON object.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("limit"), QStringLiteral("Read at most BYTES of a string value (default: all)."),
        QStringLiteral("BYTES")));
    parser.addOption(QCommandLineOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                        QStringLiteral("Plain mode: do not print the header on stderr.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("raw"), QStringLiteral("Plain mode: print the stored bytes even when they decode (pickle).")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("serializer"),
        QStringLiteral("The site's django-redis SERIALIZER: pickle (default), json or msgpack."),
        QStringLiteral("NAME"), QStringLiteral("pickle")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("memcached-client"),
        QStringLiteral("Memcached: the Django backend that wrote the flags, pymemcache (PyMemcacheCache, "
                       "default) or pylibmc (PyLibMCCache)."),
        QStringLiteral("NAME"), QStringLiteral("pymemcache")));
}

void describeNamespaces(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Count the keys per Django namespace (KEY_PREFIX:VERSION:), while scanning the keyspace once. Keys "
        "that are not PREFIX:VERSION:key are grouped by the text before their first ':'. With --sizes the "
        "size in memory and the TTL spread of every key are read too (slower)."));
    addCommandAndUrl(parser, QStringLiteral("namespaces"));
    addScanOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print one JSON object.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("sizes"), QStringLiteral("Also read every key's size and TTL (bytes and TTL columns).")));
}

void describeStats(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Sample the server's counters every interval and print one line per sample with the derived "
        "rates: hit ratio of the interval, hits, misses, evictions, expired keys and operations per "
        "second, memory, clients and items. The first poll is a baseline and is not printed. A counter "
        "reset or restart prints 'reset' instead of rates; an unreachable server prints 'unreachable' "
        "and sampling goes on. --json prints one object per sample, with each pool member under "
        "\"servers\"."));
    addCommandAndUrl(parser, QStringLiteral("stats"));
    parser.addOption(QCommandLineOption(QStringLiteral("interval"),
                                        QStringLiteral("Seconds between samples, 0.25 to 60 (default 1)."),
                                        QStringLiteral("S")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("count"), QStringLiteral("Stop after N samples (default: until interrupted)."),
        QStringLiteral("N")));
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("One JSON object per line.")));
}

void describeInvalidate(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Invalidate keys: exactly one target among --key (repeatable), --match GLOB (Redis MATCH syntax), "
        "--namespace PREFIX:VERSION, --prefix PREFIX (every version), --older-than PREFIX:N, --page-url URL "
        "(a cache_page / cache middleware page: its header key and every variant) and --bump KEY (INCR a "
        "version counter). A preview counts and samples the keys first; then, unless --yes is given, type "
        "'yes' on the terminal to go on (without a terminal the command refuses). --dry-run only previews. "
        "Progress goes to stderr; Ctrl-C stops after the batch in flight and reports what was done. Every "
        "run that was meant to write appends a line to the audit log ($CACHESCOPE_DATA_DIR/audit.jsonl, "
        "else the CacheScope data folder). Exit codes: 0 done, 1 declined at the prompt, 2 usage error or "
        "refused (no --yes without a terminal, read-only connection), 3 connection or server error, "
        "130 interrupted."));
    addCommandAndUrl(parser, QStringLiteral("invalidate"));
    addScanOptions(parser);
    addInvalidateOptions(parser);
}

int runInvalidate(const QCommandLineParser &parser)
{
    auto spec = soleUrlSpec(parser, QStringLiteral("invalidate"));
    if (!spec)
        return usageError(spec.error().message, QStringLiteral("invalidate"));
    auto options = invalidateOptionsFrom(parser, qBound(1, spec->scanCount, 100000));
    if (!options)
        return usageError(options.error().message, QStringLiteral("invalidate"));
    InvalidateCommand command(*spec, *options);
    return command.run();
}

int runStats(const QCommandLineParser &parser)
{
    auto spec = soleUrlSpec(parser, QStringLiteral("stats"));
    if (!spec)
        return usageError(spec.error().message, QStringLiteral("stats"));
    StatsOptions options;
    if (parser.isSet(QStringLiteral("interval"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("interval")).toDouble(&ok);
        if (!ok || seconds < 0.25 || seconds > 60)
            return usageError(QStringLiteral("--interval expects seconds from 0.25 to 60, not '%1'")
                                  .arg(parser.value(QStringLiteral("interval"))),
                              QStringLiteral("stats"));
        options.intervalMs = int(seconds * 1000 + 0.5);
    }
    if (!readPositiveCount(parser, &options.count))
        return badCount(parser, QStringLiteral("stats"));
    options.json = parser.isSet(QStringLiteral("json"));
    StatsCommand command(*spec, options);
    return command.exec();
}

int runKeys(const QCommandLineParser &parser)
{
    auto spec = soleUrlSpec(parser, QStringLiteral("keys"));
    if (!spec)
        return usageError(spec.error().message, QStringLiteral("keys"));

    KeysOptions options;
    qint64 count = 0; // 0: the connector's page size (the URL's scan_count, or its backend's own)
    if (!readPositiveCount(parser, &count) || count > std::numeric_limits<int>::max())
        return badCount(parser, QStringLiteral("keys"));
    options.count = int(count);
    options.match = parser.value(QStringLiteral("match")).toUtf8();
    options.json = parser.isSet(QStringLiteral("json"));
    options.meta = !parser.isSet(QStringLiteral("no-meta"));
    KeysCommand command(*spec, options);
    return command.exec();
}

int runGet(const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    const bool hex = parser.isSet(QStringLiteral("key-hex"));
    const qsizetype wanted = hex ? 2 : 3;
    if (args.size() < wanted)
        return usageError(args.size() < 2 ? QStringLiteral("get: missing the connection URL")
                                          : QStringLiteral("get: missing the key (or --key-hex HEX)"),
                          QStringLiteral("get"));
    if (args.size() > wanted)
        return usageError(hex ? QStringLiteral("get: give the key either as KEY or as --key-hex, not both")
                              : QStringLiteral("get: unexpected argument '%1'").arg(args.at(3)),
                          QStringLiteral("get"));
    auto spec = connectionSpecFrom(parser, args.at(1));
    if (!spec)
        return usageError(spec.error().message, QStringLiteral("get"));

    GetOptions options;
    if (hex) {
        const QByteArray digits = parser.value(QStringLiteral("key-hex")).toLatin1();
        const auto decoded = QByteArray::fromHex(digits);
        if (digits.size() % 2 != 0 || decoded.toHex() != digits.toLower())
            return usageError(QStringLiteral("--key-hex expects pairs of hex digits, not '%1'")
                                  .arg(parser.value(QStringLiteral("key-hex"))),
                              QStringLiteral("get"));
        options.key = decoded;
    } else {
        auto key = unescapeKey(args.at(2));
        if (!key)
            return usageError(key.error().message, QStringLiteral("get"));
        options.key = std::move(key).value();
    }
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        options.byteLimit = parser.value(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--limit expects a number of bytes, not '%1'")
                                  .arg(parser.value(QStringLiteral("limit"))),
                              QStringLiteral("get"));
    }
    options.json = parser.isSet(QStringLiteral("json"));
    options.quiet = parser.isSet(QStringLiteral("quiet"));
    options.raw = parser.isSet(QStringLiteral("raw"));
    const auto serializer = ValueDecoder::serializerFromName(parser.value(QStringLiteral("serializer")));
    if (!serializer)
        return usageError(QStringLiteral("--serializer expects pickle, json or msgpack, not '%1'")
                              .arg(parser.value(QStringLiteral("serializer"))),
                          QStringLiteral("get"));
    options.serializer = *serializer;
    const auto client = memcachedClientFromName(parser.value(QStringLiteral("memcached-client")));
    if (!client)
        return usageError(QStringLiteral("--memcached-client expects pymemcache or pylibmc, not '%1'")
                              .arg(parser.value(QStringLiteral("memcached-client"))),
                          QStringLiteral("get"));
    options.memcachedClient = *client;
    GetCommand command(*spec, options);
    return command.exec();
}

int runNamespaces(const QCommandLineParser &parser)
{
    auto spec = soleUrlSpec(parser, QStringLiteral("namespaces"));
    if (!spec)
        return usageError(spec.error().message, QStringLiteral("namespaces"));
    NamespacesOptions options;
    qint64 count = spec->scanCount;
    if (!readPositiveCount(parser, &count) || count > std::numeric_limits<int>::max())
        return badCount(parser, QStringLiteral("namespaces"));
    options.count = int(count);
    options.match = parser.value(QStringLiteral("match")).toUtf8();
    options.json = parser.isSet(QStringLiteral("json"));
    options.sizes = parser.isSet(QStringLiteral("sizes"));
    NamespacesCommand command(*spec, options);
    return command.exec();
}

} // namespace

// "cachescope-cli 0.1.0", then the libraries in use, one per line (for bug reports).
static void writeVersion()
{
    QList<ComponentVersion> components = coreComponentVersions();
    components.removeFirst();   // CacheScope itself is the first line
    writeTo(stdout, QStringLiteral("cachescope-cli %1\n").arg(QCoreApplication::applicationVersion()) +
                        formatComponentVersions(components));
}

int run(const QStringList &arguments)
{
#ifdef SIGPIPE
    // A closed pipe (`| head`) must end the output quietly: write() returns EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);
#endif
    QCoreApplication::setApplicationName(QStringLiteral("cachescope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CACHESCOPE_VERSION));

    QString command;
    for (qsizetype i = 1; i < arguments.size() && command.isEmpty(); ++i) {
        if (arguments.at(i) == u"--")
            break;
        if (!arguments.at(i).startsWith(u'-'))
            command = arguments.at(i);
    }

    if (command.isEmpty()) {
        if (arguments.contains(QStringLiteral("--version")) || arguments.contains(QStringLiteral("-v"))) {
            writeVersion();
            return ExitOk;
        }
        if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
            writeTo(stdout, QString::fromLatin1(Overview));
            return ExitOk;
        }
        writeTo(stderr, QString::fromLatin1(Overview));
        return ExitUsage;
    }

    QCommandLineParser parser;
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    if (command == u"keys")
        describeKeys(parser);
    else if (command == u"get")
        describeGet(parser);
    else if (command == u"namespaces")
        describeNamespaces(parser);
    else if (command == u"stats")
        describeStats(parser);
    else if (command == u"invalidate")
        describeInvalidate(parser);
    else
        return usageError(
            QStringLiteral("unknown command '%1' (known: keys, get, namespaces, stats, invalidate)").arg(command));
    addConnectionOptions(parser);

    if (!parser.parse(arguments))
        return usageError(parser.errorText(), command);
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        // The usage line names argv[0], often a long build path; show the program's name.
        QString text = parser.helpText();
        text.replace(QStringLiteral("Usage: %1").arg(arguments.value(0)),
                     QStringLiteral("Usage: cachescope-cli"));
        writeTo(stdout, text);
        return ExitOk;
    }
    if (parser.isSet(version)) {
        writeVersion();
        return ExitOk;
    }
    if (command == u"namespaces")
        return runNamespaces(parser);
    if (command == u"stats")
        return runStats(parser);
    if (command == u"invalidate")
        return runInvalidate(parser);
    return command == u"keys" ? runKeys(parser) : runGet(parser);
}

} // namespace cachescope::cli
