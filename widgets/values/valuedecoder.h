#pragma once
// Where value decoders slot in. A value read from the cache goes through a chain of
// decoders (later: django-redis compression, pickle, memcached flags); each one that
// recognises its input turns it into a new DecodedValue and adds its name to the
// breadcrumb, until none recognises the result. The views (Text, JSON, Hex) then render
// whatever came out. Decoders run on a worker thread (QtConcurrent): they must be
// thread-safe, must never execute anything they decode, and must cope with truncated input.

#include "core/keytypes.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace cachescope {

struct DecodedValue
{
    QByteArray bytes;          // what the last step produced (the raw value at first)
    QString text;              // a decoder's own readable rendering (e.g. a pickle as Python); empty = none
    QStringList chain;         // the steps so far, for the breadcrumb: {"zlib", "pickle"}
    bool truncated = false;    // bytes are only a prefix of the value
};

class ValueDecoder
{
public:
    virtual ~ValueDecoder();
    // Short name for the breadcrumb: "zlib", "pickle".
    virtual QString name() const = 0;
    // nullopt when the input is not this decoder's format.
    virtual std::optional<DecodedValue> decode(const DecodedValue &input) const = 0;
};

class DecoderChain
{
public:
    void append(std::shared_ptr<const ValueDecoder> decoder);
    bool isEmpty() const { return m_decoders.isEmpty(); }
    // Applies decoders until none matches (at most a few rounds, so a decoder that
    // recognises its own output cannot loop).
    DecodedValue run(const QByteArray &bytes, bool truncated) const;

private:
    QList<std::shared_ptr<const ValueDecoder>> m_decoders;
};

} // namespace cachescope
