#pragma once
// Value-or-error for every fallible call in CacheScope. Nothing throws across a
// thread or a signal: a connector reports an Error with a message a person can act on.

#include <QMetaType>
#include <QString>

#include <utility>
#include <variant>

namespace cachescope {

enum class ErrorKind {
    Usage,        // the caller asked for something malformed (bad URL, bad argument)
    Connect,      // could not reach the server (refused, unknown host, TLS handshake)
    Auth,         // the server refused the credentials
    Timeout,      // connect or command timeout fired
    Protocol,     // the server sent bytes we cannot parse
    Server,       // the server answered with an error reply
    NotFound,     // the key does not exist
    ReadOnly,     // a write was asked on a connection marked read-only
    Cancelled,    // the user stopped it
    Internal,
};

struct Error
{
    ErrorKind kind = ErrorKind::Internal;
    QString message;

    static Error make(ErrorKind kind, QString message) { return Error{kind, std::move(message)}; }
    // A short word for the kind, for logs and JSON ("timeout", "auth", ...).
    QString kindName() const;
};

template <typename T>
class Expected
{
public:
    Expected(T value) : m_v(std::move(value)) {}
    Expected(Error error) : m_v(std::move(error)) {}

    bool hasValue() const { return m_v.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    const T &value() const & { return std::get<0>(m_v); }
    T &value() & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::Error)
