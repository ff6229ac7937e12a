// libFuzzer target for Django's key scheme: any bytes a cache holds as a key go through
// DjangoKeyParser. Never a crash, and whatever it recognises must really be in the key.

#include "codec/djangokey.h"
#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>

using namespace cachescope;

namespace {

bool isMd5(const QByteArray &s)
{
    if (s.size() != 32)
        return false;
    for (const char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

// Concatenation without QStringBuilder's expression templates (member calls need a QByteArray).
QByteArray cat(std::initializer_list<QByteArrayView> parts)
{
    QByteArray out;
    for (const QByteArrayView p : parts)
        out.append(p);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView key(reinterpret_cast<const char *>(data), qsizetype(size));
    const DjangoKey k = DjangoKeyParser::parse(key);
    FUZZ_CHECK(!DjangoKeyParser::kindName(k.kind).isEmpty());
    if (!k.isDjango()) {
        FUZZ_CHECK(k.prefix.isEmpty() && k.userKey.isEmpty());
        return 0;
    }
    // PREFIX:VERSION:userKey, split on the first two colons.
    FUZZ_CHECK(!k.prefix.contains(':'));
    FUZZ_CHECK(key.startsWith(cat({k.prefix, ":"})));
    FUZZ_CHECK(key.endsWith(cat({":", k.userKey})));
    const QByteArrayView version = key.sliced(k.prefix.size() + 1, key.size() - k.prefix.size() - k.userKey.size() - 2);
    FUZZ_CHECK(!version.isEmpty() && !version.contains(':'));
    FUZZ_CHECK(version.toInt() == k.version);

    switch (k.kind) {
    case DjangoKeyKind::CachePagePage:
        FUZZ_CHECK(isMd5(k.urlHash) && isMd5(k.headersHash) && !k.method.isEmpty());
        FUZZ_CHECK(k.userKey.contains(cat({".", k.method, ".", k.urlHash, ".", k.headersHash})));
        break;
    case DjangoKeyKind::CachePageHeader:
        FUZZ_CHECK(isMd5(k.urlHash) && k.userKey.contains(cat({".", k.urlHash})));
        break;
    case DjangoKeyKind::TemplateFragment:
        FUZZ_CHECK(isMd5(k.fragmentHash));
        FUZZ_CHECK(k.userKey == cat({"template.cache.", k.fragmentName, ".", k.fragmentHash}));
        break;
    case DjangoKeyKind::Session:
        FUZZ_CHECK(!k.sessionKey.isEmpty() && k.userKey.endsWith(k.sessionKey));
        break;
    case DjangoKeyKind::Plain:
    case DjangoKeyKind::NotDjango:
        break;
    }
    if (!k.language.isEmpty() || !k.timeZone.isEmpty())
        FUZZ_CHECK(k.kind == DjangoKeyKind::CachePagePage || k.kind == DjangoKeyKind::CachePageHeader);
    return 0;
}
