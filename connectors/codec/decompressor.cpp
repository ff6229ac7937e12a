#include "decompressor.h"

#include <lz4frame.h>
#include <lzma.h>
#include <memory>
#include <zlib.h>
#include <zstd.h>

namespace cachescope {

namespace {

constexpr qsizetype Chunk = 64 * 1024;

Decompressed inflateData(QByteArrayView data, qsizetype max, int windowBits, const char *what)
{
    Decompressed r;
    z_stream zs{};
    if (inflateInit2(&zs, windowBits) != Z_OK) {
        r.error = QStringLiteral("%1: cannot initialise zlib").arg(QLatin1String(what));
        return r;
    }
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    zs.avail_in = uInt(data.size());
    auto buffer = std::make_unique<char[]>(Chunk);
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef *>(buffer.get());
        zs.avail_out = uInt(Chunk);
        rc = inflate(&zs, Z_NO_FLUSH);
        r.data.append(buffer.get(), Chunk - qsizetype(zs.avail_out));
        if (r.data.size() > max) {
            r.data.truncate(max);
            r.truncated = true;
            break;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            break;
    }
    if (!r.truncated && rc != Z_STREAM_END)
        r.error = rc == Z_OK || rc == Z_BUF_ERROR
                      ? QStringLiteral("truncated %1 data").arg(QLatin1String(what))
                      : QStringLiteral("corrupt %1 data: %2")
                            .arg(QLatin1String(what), QString::fromLatin1(zs.msg ? zs.msg : "error"));
    inflateEnd(&zs);
    return r;
}

Decompressed unxz(QByteArrayView data, qsizetype max)
{
    Decompressed r;
    lzma_stream ls = LZMA_STREAM_INIT;
    if (lzma_auto_decoder(&ls, UINT64_MAX, 0) != LZMA_OK) {
        r.error = QStringLiteral("lzma: cannot initialise the decoder");
        return r;
    }
    ls.next_in = reinterpret_cast<const uint8_t *>(data.data());
    ls.avail_in = size_t(data.size());
    auto buffer = std::make_unique<uint8_t[]>(Chunk);
    lzma_ret rc = LZMA_OK;
    while (rc == LZMA_OK) {
        ls.next_out = buffer.get();
        ls.avail_out = size_t(Chunk);
        rc = lzma_code(&ls, ls.avail_in ? LZMA_RUN : LZMA_FINISH);
        r.data.append(reinterpret_cast<const char *>(buffer.get()), Chunk - qsizetype(ls.avail_out));
        if (r.data.size() > max) {
            r.data.truncate(max);
            r.truncated = true;
            break;
        }
    }
    if (!r.truncated && rc != LZMA_STREAM_END)
        r.error = rc == LZMA_BUF_ERROR ? QStringLiteral("truncated lzma data")
                                       : QStringLiteral("corrupt lzma data (liblzma error %1)").arg(int(rc));
    lzma_end(&ls);
    return r;
}

Decompressed unlz4(QByteArrayView data, qsizetype max)
{
    Decompressed r;
    LZ4F_dctx *ctx = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) {
        r.error = QStringLiteral("lz4: cannot initialise the decoder");
        return r;
    }
    auto buffer = std::make_unique<char[]>(Chunk);
    const char *in = data.data();
    size_t left = size_t(data.size());
    size_t hint = 1;
    while (left > 0 && hint != 0) {
        size_t outSize = size_t(Chunk);
        size_t inSize = left;
        hint = LZ4F_decompress(ctx, buffer.get(), &outSize, in, &inSize, nullptr);
        if (LZ4F_isError(hint)) {
            r.error =
                QStringLiteral("corrupt lz4 data: %1").arg(QString::fromLatin1(LZ4F_getErrorName(hint)));
            break;
        }
        in += inSize;
        left -= inSize;
        r.data.append(buffer.get(), qsizetype(outSize));
        if (r.data.size() > max) {
            r.data.truncate(max);
            r.truncated = true;
            break;
        }
        if (inSize == 0 && outSize == 0)
            break;
    }
    // Flush what the decoder still holds once the input is consumed.
    while (r.ok() && !r.truncated && hint != 0) {
        size_t outSize = size_t(Chunk);
        size_t inSize = 0;
        hint = LZ4F_decompress(ctx, buffer.get(), &outSize, in, &inSize, nullptr);
        if (LZ4F_isError(hint) || outSize == 0)
            break;
        r.data.append(buffer.get(), qsizetype(outSize));
        if (r.data.size() > max) {
            r.data.truncate(max);
            r.truncated = true;
        }
    }
    if (r.ok() && !r.truncated && hint != 0)
        r.error = QStringLiteral("truncated lz4 data");
    LZ4F_freeDecompressionContext(ctx);
    return r;
}

Decompressed unzstd(QByteArrayView data, qsizetype max)
{
    Decompressed r;
    ZSTD_DStream *ds = ZSTD_createDStream();
    ZSTD_initDStream(ds);
    ZSTD_inBuffer in{data.data(), size_t(data.size()), 0};
    auto buffer = std::make_unique<char[]>(Chunk);
    size_t rc = 1;
    while (true) {
        ZSTD_outBuffer out{buffer.get(), size_t(Chunk), 0};
        rc = ZSTD_decompressStream(ds, &out, &in);
        if (ZSTD_isError(rc)) {
            r.error = QStringLiteral("corrupt zstd data: %1").arg(QString::fromLatin1(ZSTD_getErrorName(rc)));
            break;
        }
        r.data.append(buffer.get(), qsizetype(out.pos));
        if (r.data.size() > max) {
            r.data.truncate(max);
            r.truncated = true;
            break;
        }
        if (rc == 0 && in.pos == in.size)
            break;
        if (in.pos == in.size && out.pos < out.size) {
            r.error = QStringLiteral("truncated zstd data");
            break;
        }
    }
    ZSTD_freeDStream(ds);
    return r;
}

} // namespace

Compression Decompressor::detect(QByteArrayView d)
{
    const auto b = [&](qsizetype i) { return quint8(d[i]); };
    if (d.size() >= 2 && b(0) == 0x78 && ((b(0) << 8) | b(1)) % 31 == 0)
        return Compression::Zlib;
    if (d.size() >= 3 && b(0) == 0x1f && b(1) == 0x8b && b(2) == 0x08)
        return Compression::Gzip;
    if (d.startsWith(QByteArrayView("\xfd\x37\x7a\x58\x5a\x00", 6)))
        return Compression::Lzma;
    if (d.startsWith(QByteArrayView("\x04\x22\x4d\x18", 4)))
        return Compression::Lz4Frame;
    if (d.startsWith(QByteArrayView("\x28\xb5\x2f\xfd", 4)))
        return Compression::Zstd;
    return Compression::None;
}

QString Decompressor::name(Compression c)
{
    switch (c) {
    case Compression::None:
        return QStringLiteral("none");
    case Compression::Zlib:
        return QStringLiteral("zlib");
    case Compression::Gzip:
        return QStringLiteral("gzip");
    case Compression::Lzma:
        return QStringLiteral("lzma");
    case Compression::Lz4Frame:
        return QStringLiteral("lz4");
    case Compression::Zstd:
        return QStringLiteral("zstd");
    }
    return {};
}

Decompressed Decompressor::decompress(Compression c, QByteArrayView data, qsizetype maxOutput)
{
    switch (c) {
    case Compression::None:
        return Decompressed{data.toByteArray(), false, {}};
    case Compression::Zlib:
        return inflateData(data, maxOutput, MAX_WBITS, "zlib");
    case Compression::Gzip:
        return inflateData(data, maxOutput, 16 + MAX_WBITS, "gzip");
    case Compression::Lzma:
        return unxz(data, maxOutput);
    case Compression::Lz4Frame:
        return unlz4(data, maxOutput);
    case Compression::Zstd:
        return unzstd(data, maxOutput);
    }
    return {};
}

} // namespace cachescope
