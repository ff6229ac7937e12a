#pragma once
// The invalidation tests describe which of their generated entries a selection must hit as
// "family[/v1,v2][/lo-hi]": the key family, optionally only these Django versions, optionally
// only entry numbers lo..hi. One reading of that shorthand for every backend's test.

#include <QString>

namespace cachescope::test {

bool selectorMatches(const QString &selector, const QString &family, int version, int index);

} // namespace cachescope::test
