#pragma once
// `cachescope-cli stats URL [--interval S] [--count N] [--json]`: live hit / miss /
// eviction rates, one line per sample.
//
// The first poll is a baseline (rates need two) and is not printed; then every interval
// one line: derived rates and the hit ratio of that interval for the connection (the
// aggregate of a memcached pool). A counter reset or restart prints a line with "reset"
// and no rates; an unreachable server prints "unreachable" and sampling goes on.
//
// --json writes one object per sample:
//   {"time", "timestamp_ms", "interval_s", "hit_ratio", "hits_per_sec", "misses_per_sec",
//    "evictions_per_sec", "expired_per_sec", "ops_per_sec", "memory_used", "memory_max",
//    "clients", "items", "reset", "reset_reason", "error", "servers": [{"server", ...same}]}
// with null for a gap. Exit code 0, or 3 when the last sample could not be read.

#include "clicommand.h"
#include "ops/statssample.h"

#include <memory>

namespace cachescope {
class StatsMonitor;
}

namespace cachescope::cli {

struct StatsOptions
{
    int intervalMs = 1000;
    qint64 count = -1; // samples to print; < 0 = until interrupted
    bool json = false;
};

class StatsCommand : public CliCommand
{
    Q_OBJECT
public:
    StatsCommand(const ConnectionSpec &spec, const StatsOptions &options, QObject *parent = nullptr);
    ~StatsCommand() override;

    // One sample as printed (without the newline); public for the unit test.
    static QByteArray plainLine(const StatsSample &sample);
    static QByteArray jsonLine(const StatsSample &sample);

protected:
    void start() override;
    void aborting() override;
    bool survivesConnectionLoss() const override { return true; }

private:
    void onSample(const StatsSample &sample);

    StatsOptions m_options;
    std::unique_ptr<StatsMonitor> m_monitor;
    qint64 m_seen = 0;
    qint64 m_printed = 0;
};

} // namespace cachescope::cli
