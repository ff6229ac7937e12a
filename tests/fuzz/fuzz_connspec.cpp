// libFuzzer target for connection URLs (core/connectionspec.h): anything typed into the
// connect box or a --url argument. Never a crash, and whatever parses survives the round
// trip: parse(spec.toUrl(true)) gives the same spec back, and toUrl(false) drops the passwords.

#include "core/connectionspec.h"
#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>

using namespace cachescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Expected<ConnectionSpec> parsed = ConnectionSpec::parse(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().message.isEmpty());
        return 0;
    }
    const ConnectionSpec &spec = *parsed;
    (void)spec.displayAddress();

    const QString url = spec.toUrl(true);
    const Expected<ConnectionSpec> again = ConnectionSpec::parse(url);
    if (!again || !(*again == spec)) {
        std::fprintf(stderr, "input:  %s\ntoUrl:  %s\nreparse: %s\n", text.toUtf8().constData(),
                     url.toUtf8().constData(),
                     again ? again->toUrl(true).toUtf8().constData() : again.error().message.toUtf8().constData());
    }
    FUZZ_CHECK(again.hasValue());
    FUZZ_CHECK(*again == spec);

    const Expected<ConnectionSpec> shown = ConnectionSpec::parse(spec.toUrl(false));
    FUZZ_CHECK(shown.hasValue());
    FUZZ_CHECK(shown->password.isEmpty());
    FUZZ_CHECK(shown->sentinelPassword.isEmpty());
    return 0;
}
