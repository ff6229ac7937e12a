#include "sqlitewriter.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace cachescope::test {

namespace {

QString nextName()
{
    static int serial = 0;
    return QStringLiteral("test-writer-%1").arg(++serial);
}

} // namespace

bool execSql(const QString &path, const QStringList &statements, const QList<QVariantList> &rows)
{
    const QString name = nextName();
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open() && db.transaction();
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            ok = ok && q.prepare(sql);
            const QList<QVariantList> params = sql.contains(u'?') ? rows : QList<QVariantList>{{}};
            for (const QVariantList &row : params) {
                for (const QVariant &v : row)
                    q.addBindValue(v);
                if (ok && !q.exec()) {
                    qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
                    ok = false;
                }
            }
        }
        ok = ok && db.commit();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QVariant querySql(const QString &path, const QString &sql)
{
    const QString name = nextName();
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(sql, db);
            if (q.next())
                result = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QString djangoCacheTableSql(const QString &table)
{
    return QStringLiteral("CREATE TABLE \"%1\" (\"cache_key\" varchar(255) NOT NULL PRIMARY KEY, "
                          "\"value\" text NOT NULL, \"expires\" datetime NOT NULL)")
        .arg(table);
}

} // namespace cachescope::test
