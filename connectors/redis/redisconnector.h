#pragma once
// Placeholder: the RESP connector is being written on the redis branch.
#include "core/connector.h"

namespace cachescope {

class RedisConnector : public Connector
{
    Q_OBJECT
public:
    explicit RedisConnector(const ConnectionSpec &spec, QObject *parent = nullptr) : Connector(spec, parent) {}
    void open() override {}
    void refreshInfo(quint64) override {}
    void scanKeys(quint64, const ScanRequest &) override {}
    void stopScan(quint64) override {}
    void fetchMeta(quint64, const QList<QByteArray> &) override {}
    void fetchValue(quint64, const ValueRequest &) override {}

protected:
    void doDeleteKeys(quint64, const QList<QByteArray> &) override {}
    void doSetTtl(quint64, const QByteArray &, qint64) override {}
};

} // namespace cachescope
