#include "djangoobjects.h"

#include "pyaccess.h"
#include "pyrepr.h"

#include <QHash>

namespace cachescope {

using namespace pyaccess;

namespace {

// status_code is a class attribute; only a response built with status=... stores its own.
int defaultStatus(const QString &cls)
{
    static const QHash<QString, int> defaults{
        {QStringLiteral("HttpResponseRedirect"), 302},
        {QStringLiteral("HttpResponsePermanentRedirect"), 301},
        {QStringLiteral("HttpResponseNotModified"), 304},
        {QStringLiteral("HttpResponseBadRequest"), 400},
        {QStringLiteral("HttpResponseNotFound"), 404},
        {QStringLiteral("HttpResponseForbidden"), 403},
        {QStringLiteral("HttpResponseNotAllowed"), 405},
        {QStringLiteral("HttpResponseGone"), 410},
        {QStringLiteral("HttpResponseServerError"), 500},
    };
    return defaults.value(cls, 200);
}

QString strValue(const PyTree &tree, int node)
{
    if (auto s = str(tree, node))
        return QString::fromUtf8(*s);
    if (auto b = bytes(tree, node))
        return QString::fromLatin1(*b);
    if (auto i = integer(tree, node))
        return i->toDecimal().value_or(QString());
    return {};
}

// {lower-case name: (Name, value)} as both Django < 3.2 (_headers) and ResponseHeaders._store keep it.
QList<QPair<QString, QString>> headerPairs(const PyTree &tree, int storeDict)
{
    QList<QPair<QString, QString>> out;
    for (const auto &[k, v] : dictPairs(tree, storeDict)) {
        const auto pair = sequence(tree, v);
        if (pair && pair->size() == 2)
            out.append({strValue(tree, pair->at(0)), strValue(tree, pair->at(1))});
        else
            out.append({strValue(tree, k), strValue(tree, v)});
    }
    return out;
}

} // namespace

std::optional<DjangoResponse> djangoResponse(const PyTree &tree, int node)
{
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Object)
        return std::nullopt;
    const QByteArray name = constructedName(tree, node);
    if (!name.startsWith("django.") && !name.startsWith("rest_framework."))
        return std::nullopt;
    const auto state = stateDict(tree, node);
    const int container = lookup(tree, state, "_container");
    const int headers = lookup(tree, state, "headers");
    const int oldHeaders = lookup(tree, state, "_headers");
    if (container < 0 || (headers < 0 && oldHeaders < 0))
        return std::nullopt;

    DjangoResponse r;
    r.className = QString::fromUtf8(name.mid(name.lastIndexOf('.') + 1));
    r.statusCode = defaultStatus(r.className);
    if (auto code = integer(tree, lookup(tree, state, "status_code")); code && code->fitsInt64())
        r.statusCode = int(code->toInt64());
    r.reasonPhrase = strValue(tree, lookup(tree, state, "_reason_phrase"));
    if (headers >= 0)
        r.headers = headerPairs(tree, lookup(tree, stateDict(tree, headers), "_store"));
    else
        r.headers = headerPairs(tree, oldHeaders);
    for (int chunk : sequence(tree, container).value_or(QList<int>{})) {
        if (auto b = bytes(tree, chunk))
            r.body += *b;
        else if (auto s = str(tree, chunk))
            r.body += *s;
    }
    const auto header = [&](const QString &wanted) -> std::optional<QString> {
        for (const auto &[k, v] : r.headers)
            if (k.compare(wanted, Qt::CaseInsensitive) == 0)
                return v;
        return std::nullopt;
    };
    r.repr = QStringLiteral("<%1 status_code=%2").arg(r.className).arg(r.statusCode);
    if (auto ct = header(QStringLiteral("Content-Type")))
        r.repr += QStringLiteral(", \"%1\"").arg(*ct);
    if (r.className.contains(QStringLiteral("Redirect")))
        r.repr += QStringLiteral(", url=\"%1\"").arg(header(QStringLiteral("Location")).value_or(QString()));
    r.repr += QLatin1Char('>');
    return r;
}

std::optional<DjangoModel> djangoModel(const PyTree &tree, int node)
{
    if (!tree.valid(node) || tree.at(node).kind != PyKind::Object)
        return std::nullopt;
    const PyNode &n = tree.at(node);
    if (qualifiedName(tree, n.callable) != "django.db.models.base.model_unpickle")
        return std::nullopt;
    const auto args = sequence(tree, n.args);
    if (!args || args->isEmpty())
        return std::nullopt;
    const auto classId = sequence(tree, args->at(0));
    DjangoModel m;
    if (classId && classId->size() == 2) {
        m.appLabel = strValue(tree, classId->at(0));
        m.modelName = strValue(tree, classId->at(1));
    } else {
        return std::nullopt;
    }
    PyRepr repr(tree, ReprOptions{64 * 1024, 200});
    int pkNode = -1;
    for (const auto &[k, v] : stateDict(tree, node)) {
        const QString field = strValue(tree, k);
        if (field.startsWith(QLatin1Char('_')))
            continue; // _state, _django_version, cached relations
        m.fields.append({field, repr.render(v)});
        if (field == QLatin1String("id") || (pkNode < 0 && field.endsWith(QLatin1String("_ptr_id"))))
            pkNode = v;
    }
    if (pkNode < 0 && !m.fields.isEmpty())
        pkNode = lookup(tree, stateDict(tree, node), m.fields.first().first.toUtf8());
    m.pkRepr = pkNode >= 0 ? repr.render(pkNode) : QStringLiteral("?");
    m.repr = QStringLiteral("<%1.%2 pk=%3>").arg(m.appLabel, m.modelName, m.pkRepr);
    return m;
}

QString httpReasonPhrase(int statusCode)
{
    static const QHash<int, QString> phrases{
        {200, QStringLiteral("OK")},          {201, QStringLiteral("Created")},
        {204, QStringLiteral("No Content")},  {301, QStringLiteral("Moved Permanently")},
        {302, QStringLiteral("Found")},       {304, QStringLiteral("Not Modified")},
        {400, QStringLiteral("Bad Request")}, {403, QStringLiteral("Forbidden")},
        {404, QStringLiteral("Not Found")},   {405, QStringLiteral("Method Not Allowed")},
        {410, QStringLiteral("Gone")},        {500, QStringLiteral("Internal Server Error")},
    };
    return phrases.value(statusCode);
}

} // namespace cachescope
