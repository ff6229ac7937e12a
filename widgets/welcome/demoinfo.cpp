#include "demoinfo.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace cachescope {

QString DemoInfo::demoFile()
{
    const QString overridden = qEnvironmentVariable("CACHESCOPE_DEMO_FILE");
    if (!overridden.isEmpty())
        return overridden;
    // demo.sh writes to $XDG_RUNTIME_DIR, or Qt's fallback for it (/tmp/runtime-$USER).
    return QDir(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation))
        .filePath(QStringLiteral("cachescope-demo.json"));
}

QList<DemoConnection> DemoInfo::runningDemo()
{
    QFile file(demoFile());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonArray list = QJsonDocument::fromJson(file.read(64 * 1024)).object().value(u"connections").toArray();
    QList<DemoConnection> out;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        if (!o.value(u"url").toString().isEmpty())
            out.append({o.value(u"name").toString(), o.value(u"url").toString()});
    }
    return out;
}

} // namespace cachescope
