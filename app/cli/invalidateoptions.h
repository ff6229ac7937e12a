#pragma once
// The options of `cachescope-cli invalidate`, read from the command line: exactly one
// target (--key … | --match | --namespace | --prefix | --older-than | --page-url | --bump),
// then --soft, --dry-run, --yes, --rate, --count, --json. Every mistake is a usage error
// found before any connection is made.

#include "core/error.h"
#include "ops/invalidationplanner.h"

class QCommandLineParser;

namespace cachescope::cli {

struct InvalidateOptions
{
    InvalidationTarget target;
    bool dryRun = false;
    bool yes = false;
    bool json = false;
    int rateLimit = 0;    // keys per second; 0 = no cap
    int batchSize = 1000; // SCAN COUNT / pipeline depth
};

// Declares the command's own options (the caller adds the command, URL and --match/--count).
void addInvalidateOptions(QCommandLineParser &parser);
// batchSize starts from the URL's scan_count; --count overrides it.
Expected<InvalidateOptions> invalidateOptionsFrom(const QCommandLineParser &parser, int defaultBatchSize);

} // namespace cachescope::cli
