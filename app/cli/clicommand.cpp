#include "clicommand.h"

#include "clioptions.h"
#include "connectorfactory.h"

namespace cachescope::cli {

CliCommand::CliCommand(const ConnectionSpec &spec, QObject *parent) : QObject(parent), m_spec(spec)
{
    registerCoreMetaTypes();
    m_host = std::make_unique<ConnectorHost>(createConnector(m_spec));
    m_watchdog.setSingleShot(true);
    // The connector enforces its own timeouts; this only catches one that never answers.
    m_watchdog.setInterval(qMax(m_spec.connectTimeoutMs, m_spec.commandTimeoutMs) + 3000);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        fail(Error::make(ErrorKind::Timeout, QStringLiteral("no answer from %1 within %2 s")
                                                 .arg(m_spec.displayAddress())
                                                 .arg(m_watchdog.interval() / 1000)));
    });

    connect(connector(), &Connector::opened, this, [this](const ServerInfo &) {
        touch();
        if (m_started)
            return;   // reconnected by itself (only commands that survive a loss get here)
        m_started = true;
        start();
    });
    connect(connector(), &Connector::connectionLost, this, [this](const Error &error) {
        if (!m_started || !survivesConnectionLoss())
            fail(error);
    });
}

CliCommand::~CliCommand() = default;

int CliCommand::exec()
{
    touch();
    m_host->open();
    if (!m_finished)
        m_loop.exec();
    m_watchdog.stop();
    m_out.flush();
    // Stop the connector thread now, before any queued signal could reach a half-destroyed subclass.
    m_host.reset();
    return m_exitCode;
}

void CliCommand::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode;
    m_watchdog.stop();
    if (exitCode != ExitOk)
        aborting();
    m_loop.exit(exitCode);
}

void CliCommand::fail(const Error &error)
{
    if (m_finished)
        return;
    m_out.flush();
    printError(describeError(error));
    finish(exitCodeFor(error));
}

void CliCommand::touch()
{
    if (!m_finished && m_watchdogEnabled)
        m_watchdog.start();
}

void CliCommand::disableWatchdog()
{
    m_watchdogEnabled = false;
    m_watchdog.stop();
}

bool CliCommand::stopIfBroken()
{
    if (!m_out.broken())
        return false;
    aborting();
    finish(ExitOk);
    return true;
}

} // namespace cachescope::cli
