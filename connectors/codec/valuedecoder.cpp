#include "valuedecoder.h"

#include "decompressor.h"
#include "jsonreader.h"
#include "msgpackreader.h"
#include "picklereader.h"
#include "pyaccess.h"
#include "pydanger.h"
#include "pyformat.h"
#include "pyjson.h"
#include "pyrepr.h"
#include "pytext.h"
#include "pytypename.h"

namespace cachescope {

namespace {

bool isIntegerDigits(QByteArrayView data)
{
    if (data.isEmpty() || data.size() > PyInt::MaxDecimalDigits)
        return false;
    qsizetype i = data.front() == '-' ? 1 : 0;
    if (i == data.size())
        return false;
    for (; i < data.size(); ++i)
        if (data[i] < '0' || data[i] > '9')
            return false;
    return true;
}

void finishTree(DecodedValue &out, const PickleResult &parsed, const DecodeContext &ctx)
{
    out.tree = parsed.tree;
    const PyTree &tree = *parsed.tree;
    const DangerReport danger = scanForDanger(tree);
    out.dangerous = danger.dangerous;
    out.dangerReasons = danger.reasons;
    out.dangerNames = danger.names;
    out.notes.append(tree.notes);
    if (!parsed.ok()) {
        out.errors.append(parsed.error);
        if (ctx.inputTruncated)
            out.notes.append(
                QStringLiteral("only the first %1 bytes of the value were read").arg(out.payload.size()));
        return;
    }
    PyRepr repr(tree, ReprOptions{ctx.maxReprChars, 1000});
    out.repr = repr.render(tree.root);
    out.reprTruncated = repr.truncated();
    out.json = toJson(tree, tree.root);
    out.response = djangoResponse(tree, tree.root);
    out.model = djangoModel(tree, tree.root);
    out.valueType = pyTypeName(tree, tree.root);
    out.chain.append(ValueDecoder::summary(tree, tree.root));
}

void asScalar(DecodedValue &out, ValueFormat format, QByteArrayView data)
{
    out.format = format;
    auto tree = std::make_shared<PyTree>();
    PyNode n;
    switch (format) {
    case ValueFormat::Integer:
        n.kind = PyKind::Int;
        n.intValue = PyInt::fromDecimal(data.trimmed()).value_or(PyInt());
        out.chain.append(QStringLiteral("integer"));
        break;
    case ValueFormat::Bool:
        n.kind = PyKind::Bool;
        n.boolValue = PyInt::fromDecimal(data.trimmed()).value_or(PyInt()) != PyInt();
        out.chain.append(QStringLiteral("bool"));
        break;
    case ValueFormat::Text:
        n.kind = PyKind::Str;
        n.text = data.toByteArray();
        out.chain.append(QStringLiteral("text, %1 chars").arg(QString::fromUtf8(data).size()));
        break;
    default:
        n.kind = PyKind::Bytes;
        n.text = data.toByteArray();
        out.chain.append(QStringLiteral("binary, %1 bytes").arg(data.size()));
        break;
    }
    tree->nodes.append(n);
    tree->root = 0;
    out.tree = tree;
    PyRepr repr(*tree, ReprOptions{out.payload.size() * 4 + 64, 10});
    out.repr = repr.render(0);
    out.json = toJson(*tree, 0);
    out.valueType = pyTypeName(*tree, 0);
}

// Memcached flags say what the client stored; true when they settled the format.
bool applyMemcachedFlags(DecodedValue &out, const DecodeContext &ctx, const PickleLimits &limits)
{
    const quint32 flags = *ctx.memcachedFlags;
    const quint32 base = flags & ~quint32(8);
    const bool pylibmc = ctx.memcachedClient == MemcachedFlavor::PyLibMc;
    if (base == 1) {
        PickleReader reader(limits);
        const PickleResult parsed = reader.read(out.payload);
        out.format = ValueFormat::Pickle;
        out.chain.append(QStringLiteral("pickle v%1").arg(parsed.tree->protocol));
        finishTree(out, parsed, ctx);
        return true;
    }
    if (base == 2 || base == 4) {
        asScalar(out, isIntegerDigits(out.payload.trimmed()) ? ValueFormat::Integer : ValueFormat::Binary,
                 out.payload);
        return true;
    }
    if ((pylibmc && base == 16)) {
        asScalar(out, ValueFormat::Bool, out.payload);
        return true;
    }
    if ((!pylibmc && base == 16) || (pylibmc && base == 32)) {
        if (pytext::isUtf8SurrogatePass(out.payload)) {
            asScalar(out, ValueFormat::Text, out.payload);
        } else {
            out.errors.append(QStringLiteral("memcached flags say text but the value is not UTF-8"));
            asScalar(out, ValueFormat::Binary, out.payload);
        }
        return true;
    }
    if (base == 0) {
        asScalar(out, ValueFormat::Binary, out.payload);
        return true;
    }
    out.notes.append(QStringLiteral("unknown memcached flags %1: guessing the format").arg(flags));
    return false;
}

} // namespace

QString ValueDecoder::summary(const PyTree &tree, int node)
{
    if (!tree.valid(node))
        return QStringLiteral("nothing");
    const PyNode &n = tree.at(node);
    const auto items = [](qsizetype count) {
        return count == 1 ? QStringLiteral("1 item") : QStringLiteral("%1 items").arg(count);
    };
    switch (n.kind) {
    case PyKind::None:
        return QStringLiteral("None");
    case PyKind::Bool:
        return QStringLiteral("bool");
    case PyKind::Int:
        return QStringLiteral("int");
    case PyKind::Float:
        return QStringLiteral("float");
    case PyKind::Complex:
        return QStringLiteral("complex");
    case PyKind::Str:
        return QStringLiteral("str, %1 chars").arg(QString::fromUtf8(n.text).size());
    case PyKind::Bytes:
        return QStringLiteral("bytes, %1 bytes").arg(n.text.size());
    case PyKind::ByteArray:
        return QStringLiteral("bytearray, %1 bytes").arg(n.text.size());
    case PyKind::List:
        return QStringLiteral("list, ") + items(n.items.size());
    case PyKind::Tuple:
        return QStringLiteral("tuple, ") + items(n.items.size());
    case PyKind::Dict:
        return QStringLiteral("dict, ") + items(n.items.size() / 2);
    case PyKind::Set:
        return QStringLiteral("set, ") + items(n.items.size());
    case PyKind::FrozenSet:
        return QStringLiteral("frozenset, ") + items(n.items.size());
    case PyKind::Global:
        return QStringLiteral("reference to ") + QString::fromUtf8(n.text + '.' + n.name);
    case PyKind::PersistentId:
        return QStringLiteral("persistent id");
    case PyKind::Extension:
        return QStringLiteral("extension code");
    case PyKind::Buffer:
        return QStringLiteral("out-of-band buffer");
    case PyKind::Ext:
        return QStringLiteral("msgpack ExtType");
    case PyKind::Object:
        break;
    }
    if (auto r = djangoResponse(tree, node))
        return QStringLiteral("%1 %2, %3 bytes").arg(r->className).arg(r->statusCode).arg(r->body.size());
    if (auto m = djangoModel(tree, node))
        return QStringLiteral("%1.%2 instance").arg(m->appLabel, m->modelName);
    const QByteArray name = pyaccess::constructedName(tree, node);
    if (name == "collections.OrderedDict" || name == "collections.defaultdict")
        return QString::fromUtf8(name.mid(12)) + QStringLiteral(", ") + items(n.setItems.size() / 2);
    return name.isEmpty() ? QStringLiteral("object") : QString::fromUtf8(name);
}

QString ValueDecoder::serializerName(ValueSerializer serializer)
{
    switch (serializer) {
    case ValueSerializer::Json:
        return QStringLiteral("json");
    case ValueSerializer::Msgpack:
        return QStringLiteral("msgpack");
    case ValueSerializer::Pickle:
        break;
    }
    return QStringLiteral("pickle");
}

std::optional<ValueSerializer> ValueDecoder::serializerFromName(QStringView name)
{
    for (ValueSerializer s : {ValueSerializer::Pickle, ValueSerializer::Json, ValueSerializer::Msgpack})
        if (name.compare(serializerName(s), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

DecodedValue ValueDecoder::decode(QByteArrayView raw, const DecodeContext &ctx)
{
    DecodedValue out;
    out.payload = raw.toByteArray();
    PickleLimits limits;
    if (ctx.inputTruncated)
        out.notes.append(QStringLiteral("the value was read only in part (%1 bytes)").arg(raw.size()));

    if (ctx.source == ValueSource::DbTable) {
        auto decoded =
            QByteArray::fromBase64Encoding(out.payload.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            out.chain.append(QStringLiteral("base64"));
            out.errors.append(QStringLiteral("the database row is not valid base64"));
            return out;
        }
        out.chain.append(QStringLiteral("base64"));
        out.payload = *decoded;
    }
    if (ctx.source == ValueSource::Memcached && ctx.memcachedFlags && (*ctx.memcachedFlags & 8)) {
        const Decompressed d = Decompressor::decompress(Compression::Zlib, out.payload, ctx.maxDecompressed);
        out.chain.append(QStringLiteral("zlib"));
        out.payload = d.data;
        if (!d.ok()) {
            out.errors.append(d.error);
            return out;
        }
        if (d.truncated)
            out.notes.append(
                QStringLiteral("decompressed output stopped at %1 bytes").arg(ctx.maxDecompressed));
    }
    if (ctx.source == ValueSource::Memcached && ctx.memcachedFlags && applyMemcachedFlags(out, ctx, limits))
        return out;

    if (out.payload.isEmpty()) {
        out.format = ValueFormat::Empty;
        asScalar(out, ValueFormat::Binary, out.payload);
        out.format = ValueFormat::Empty;
        return out;
    }
    if (isIntegerDigits(out.payload)) {
        asScalar(out, ValueFormat::Integer, out.payload);
        return out;
    }
    if (const Compression c = Decompressor::detect(out.payload); c != Compression::None) {
        const Decompressed d = Decompressor::decompress(c, out.payload, ctx.maxDecompressed);
        out.chain.append(Decompressor::name(c));
        out.payload = d.data;
        if (!d.ok()) {
            out.errors.append(d.error);
            return out;
        }
        if (d.truncated) {
            out.notes.append(QStringLiteral("decompressed output stopped at %1 bytes (truncated)")
                                 .arg(ctx.maxDecompressed));
            out.errors.append(QStringLiteral("value larger than %1 bytes once decompressed: truncated")
                                  .arg(ctx.maxDecompressed));
        }
    }
    if (ctx.serializer == ValueSerializer::Msgpack) {
        const PickleResult parsed = MsgpackReader(limits).read(out.payload);
        if (parsed.ok()) {
            out.format = ValueFormat::Msgpack;
            out.chain.append(QStringLiteral("msgpack"));
            finishTree(out, parsed, ctx);
            return out;
        }
    }
    if (PickleReader::hasProtoHeader(out.payload)) {
        const PickleResult parsed = PickleReader(limits).read(out.payload);
        out.format = ValueFormat::Pickle;
        out.chain.append(QStringLiteral("pickle v%1").arg(parsed.tree->protocol));
        finishTree(out, parsed, ctx);
        return out;
    }
    const QByteArrayView trimmed = QByteArrayView(out.payload).trimmed();
    if (!trimmed.isEmpty() && QByteArrayView("{[\"-0123456789tfnNI").contains(trimmed.front())) {
        const PickleResult parsed = JsonReader(limits).read(out.payload);
        if (parsed.ok()) {
            out.format = ValueFormat::Json;
            out.chain.append(QStringLiteral("json"));
            finishTree(out, parsed, ctx);
            return out;
        }
    }
    if (out.payload.endsWith('.')) {
        // Protocol 0/1 pickles have no PROTO header; accept one only if it parses cleanly.
        const PickleResult parsed = PickleReader(limits).read(out.payload);
        if (parsed.ok() && parsed.tree->bytesUsed == out.payload.size()) {
            out.format = ValueFormat::Pickle;
            out.chain.append(QStringLiteral("pickle v%1").arg(parsed.tree->protocol));
            finishTree(out, parsed, ctx);
            return out;
        }
    }
    if (pytext::isUtf8SurrogatePass(out.payload)) {
        asScalar(out, ValueFormat::Text, out.payload);
        return out;
    }
    asScalar(out, ValueFormat::Binary, out.payload);
    return out;
}

} // namespace cachescope
