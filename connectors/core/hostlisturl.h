#pragma once
// URLs whose authority is a list of servers, which QUrl cannot parse:
//   memcached://[user:pass@]host:port[,host:port...][?options]
//   redis+cluster://[user:pass@]host:port[,host:port...][/0][?options]
//   redis+sentinel://[user:pass@]host:port[,host:port...]/service_name[/db][?options]
// This splits such a URL into its parts; each scheme's parser in connectionspec.cpp then
// checks what its path may hold. Percent-encoding is undone in the user, password and path.

#include "connectionspec.h"

#include <optional>

namespace cachescope {

struct HostListUrl
{
    QString username;
    QString password;
    QList<ServerAddress> servers;   // in URL order, no duplicates
    QString path;                   // decoded, without the leading '/'; empty if none
    QString query;                  // still encoded, for QUrlQuery
};

// The parts, or what is wrong in words ("server a:1 is listed twice").
// defaultPort applies to members written without one.
Expected<HostListUrl> splitHostListUrl(const QString &url, quint16 defaultPort);

// "host", "host:port", "[v6]", "[v6]:port"; std::nullopt when it parses.
std::optional<QString> parseServerAddress(const QString &text, quint16 defaultPort, ServerAddress *out);

// The URL again: scheme://user[:password]@a:1,b:2[/path][?query]. The path is
// percent-encoded here; query must already be encoded.
QString joinHostListUrl(const QString &scheme, const QString &username, const QString &password,
                        const QList<ServerAddress> &servers, const QString &path, const QString &query);

} // namespace cachescope
