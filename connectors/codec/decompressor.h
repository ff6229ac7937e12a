#pragma once
// The compressions django-redis (and pymemcache / pylibmc for zlib) write, recognised by
// their magic bytes and decompressed with an output cap: a decompression bomb stops at the
// cap and says so instead of eating the machine's memory.

#include <QByteArray>
#include <QString>

namespace cachescope {

enum class Compression
{
    None,
    Zlib,
    Gzip,
    Lzma,
    Lz4Frame,
    Zstd
};

struct Decompressed
{
    QByteArray data;
    bool truncated = false; // stopped at the output cap; data holds the first bytes
    QString error;          // corrupt or cut-short input; data holds what came out
    bool ok() const { return error.isEmpty(); }
};

class Decompressor
{
public:
    // zlib: 78 xx with a valid header checksum; gzip 1f 8b; xz fd 37 7a 58 5a 00;
    // lz4 frame 04 22 4d 18; zstd 28 b5 2f fd.
    static Compression detect(QByteArrayView data);
    static QString name(Compression c); // "zlib", "gzip", "lzma", "lz4", "zstd"
    static Decompressed decompress(Compression c, QByteArrayView data, qsizetype maxOutput);
};

} // namespace cachescope
