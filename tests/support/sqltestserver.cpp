#include "sqltestserver.h"

#include "python.h"

namespace cachescope::test {

bool runDjangoWithDatabase(const QString &engine, quint16 port, const QString &database, const QString &user,
                           const QString &password, const QString &code, QString *output, QString *error)
{
    const QString script = QStringLiteral(R"(
import sys
from django.conf import settings
settings.configure(USE_TZ=True, TIME_ZONE='UTC', SECRET_KEY='test',
    DATABASES={'default': {'ENGINE': sys.argv[1], 'HOST': '127.0.0.1', 'PORT': sys.argv[2],
                           'NAME': sys.argv[3], 'USER': sys.argv[4], 'PASSWORD': sys.argv[5]}},
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'django_cache',
                        'OPTIONS': {'MAX_ENTRIES': 100000}}})
import django
django.setup()
from django.core.cache import cache
from django.core.management import call_command
)") + code;
    const PythonRun run = runPython(script, {engine, QString::number(port), database, user, password});
    if (output)
        *output = QString::fromUtf8(run.out).trimmed();
    if (!run.ok && error)
        *error = run.error;
    return run.ok;
}

} // namespace cachescope::test
