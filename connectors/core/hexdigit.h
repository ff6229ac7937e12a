#pragma once
// One hexadecimal digit's value, for the decoders of percent-encoded keys (metadump),
// Python's \x escapes and URLs: 0..15, or -1 for a byte that is not a hex digit.

namespace cachescope {

constexpr int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace cachescope
