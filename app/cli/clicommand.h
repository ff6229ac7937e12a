#pragma once
// Base of the commands that talk to a server. It owns the ConnectorHost (the connector
// runs on its own thread), opens the connection, runs a local event loop and returns the
// exit code. Subclasses start their requests in start() and react to the connector's
// signals, which arrive queued on this (the main) thread.
//
// A watchdog ends the command if the connector goes silent for longer than its own
// timeouts plus a grace period, so the CLI never hangs in a script.

#include "clioptions.h"
#include "core/connectorhost.h"
#include "outputwriter.h"

#include <QEventLoop>
#include <QObject>
#include <QTimer>

#include <memory>

namespace cachescope::cli {

class CliCommand : public QObject
{
    Q_OBJECT
public:
    explicit CliCommand(const ConnectionSpec &spec, QObject *parent = nullptr);
    ~CliCommand() override;

    // Connects, runs the command to its end and returns the process exit code.
    int exec();

protected:
    // Called once the connection is open.
    virtual void start() = 0;
    // Stop requests in flight before the loop ends (e.g. stopScan on a broken pipe).
    virtual void aborting() {}
    // A lost connection ends the command, unless it can wait for the connector's lazy
    // reconnect (stats keeps sampling and prints the outage as a gap).
    virtual bool survivesConnectionLoss() const { return false; }

    ConnectorHost &host() { return *m_host; }
    Connector *connector() const { return m_host->connector(); }
    const ConnectionSpec &spec() const { return m_spec; }
    OutputWriter &out() { return m_out; }

    // Ends the event loop with this exit code (the first call wins).
    void finish(int exitCode);
    // Prints the error and finishes with its exit code.
    void fail(const Error &error);
    // Something arrived from the connector: restart the watchdog.
    void touch();
    // For requests that may rightly stay silent for long (a SCAN whose pages match nothing
    // emits no keysFound); the connector's own command timeout still guards each round trip.
    void disableWatchdog();
    // The reader of stdout went away: stop without a word.
    bool stopIfBroken();

private:
    ConnectionSpec m_spec;
    std::unique_ptr<ConnectorHost> m_host;
    OutputWriter m_out;
    QEventLoop m_loop;
    QTimer m_watchdog;
    bool m_finished = false;
    bool m_watchdogEnabled = true;
    bool m_started = false;
    int m_exitCode = ExitOk;
};

} // namespace cachescope::cli
