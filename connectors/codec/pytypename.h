#pragma once
// The Python type of a decoded value, spelled as `type(v).__module__ + "." + type(v).__qualname__`
// would spell it ("builtins.dict", "decimal.Decimal", "django.http.response.HttpResponse"),
// read from the value tree without importing anything. Model instances, whose class the
// pickle names only as (app_label, ModelName), come out as "app_label.ModelName".

#include "pytree.h"

#include <QString>

namespace cachescope {

QString pyTypeName(const PyTree &tree, int node);

} // namespace cachescope
