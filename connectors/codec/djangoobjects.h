#pragma once
// Django objects found in cache values, read from the pickle's value tree:
//  - responses stored by cache_page / the cache middleware (HttpResponse, JsonResponse,
//    TemplateResponse, redirects, ...): status, headers and body;
//  - model instances (pickled through django.db.models.base.model_unpickle).

#include "pytree.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <optional>

namespace cachescope {

struct DjangoResponse
{
    QString className; // "HttpResponse"
    int statusCode = 200;
    QString reasonPhrase;                   // empty unless set on the response
    QList<QPair<QString, QString>> headers; // original case, in stored order
    QByteArray body;                        // the joined _container chunks
    QString repr;                           // <HttpResponse status_code=200, "text/html; charset=utf-8">
};

struct DjangoModel
{
    QString appLabel;                      // "auth"
    QString modelName;                     // "User"
    QString pkRepr;                        // "5"
    QList<QPair<QString, QString>> fields; // attribute name, repr of its value
    QString repr;                          // <auth.User pk=5>
};

std::optional<DjangoResponse> djangoResponse(const PyTree &tree, int node);
std::optional<DjangoModel> djangoModel(const PyTree &tree, int node);
// HTTP reason phrase Django would send for a status code ("OK", "Not Found").
QString httpReasonPhrase(int statusCode);

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::DjangoResponse)
Q_DECLARE_METATYPE(cachescope::DjangoModel)
