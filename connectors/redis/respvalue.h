#pragma once
// A RESP reply as a plain value, for callers that want convenience over speed.
// Hot paths (SCAN pages) read the raw redisReply* instead; see RespReply.
// hiredis 0.14 speaks RESP2 only, so there is no double, map or set kind: scores arrive
// as bulk strings.

#include <QByteArray>
#include <QList>

struct redisReply;

namespace cachescope {

struct RespValue
{
    enum class Kind : quint8 { Nil, String, Status, Error, Integer, Array };

    Kind kind = Kind::Nil;
    QByteArray str;              // String, Status, Error
    qint64 integer = 0;          // Integer
    QList<RespValue> elements;   // Array

    static RespValue fromReply(const redisReply *reply);
    static RespValue makeString(QByteArray s) { return RespValue{Kind::String, std::move(s), 0, {}}; }
    static RespValue makeError(QByteArray s) { return RespValue{Kind::Error, std::move(s), 0, {}}; }

    bool isNil() const { return kind == Kind::Nil; }
    bool isError() const { return kind == Kind::Error; }
    bool isInteger() const { return kind == Kind::Integer; }
    bool isArray() const { return kind == Kind::Array; }
    bool isString() const { return kind == Kind::String || kind == Kind::Status; }
    // Integers, and bulk strings holding digits (what some commands return); else fallback.
    qint64 toInteger(qint64 fallback = 0) const;
    // For tests and logs: "OK", "(nil)", "(error) ERR ...", "[1, \"a\"]".
    QByteArray debugText() const;
};

} // namespace cachescope
