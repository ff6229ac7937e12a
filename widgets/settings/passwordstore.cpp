#include "passwordstore.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace cachescope {

namespace {

constexpr int KeychainTimeoutMs = 4000;

bool meansNoBackend(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented || e == QKeychain::OtherError;
}

} // namespace

PasswordStore::PasswordStore(QObject *parent) : QObject(parent), m_service(QStringLiteral("CacheScope"))
{
    if (qEnvironmentVariableIntValue("CACHESCOPE_NO_KEYCHAIN") == 1)
        m_availability = Availability::SessionOnly;
}

QString PasswordStore::availabilityText() const
{
    switch (m_availability) {
    case Availability::Keychain:
        return tr("The password is stored in the system keychain, never in the settings file.");
    case Availability::SessionOnly:
        return tr("No keychain service is reachable: the password is kept in memory for this session only "
                  "and must be entered again after a restart.");
    case Availability::Unknown:
        break;
    }
    return tr("Checking for a system keychain… The password is never written to the settings file.");
}

void PasswordStore::setAvailability(Availability a)
{
    if (a == m_availability)
        return;
    m_availability = a;
    Q_EMIT availabilityChanged(a);
}

void PasswordStore::probe()
{
    if (m_availability != Availability::Unknown || m_probing)
        return;
    m_probing = true;
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(QStringLiteral("cachescope-probe"));
    auto settled = std::make_shared<bool>(false);
    connect(job, &QKeychain::Job::finished, this, [this, settled](QKeychain::Job *j) {
        if (std::exchange(*settled, true))
            return;
        m_probing = false;
        setAvailability(meansNoBackend(j->error()) ? Availability::SessionOnly : Availability::Keychain);
    });
    QTimer::singleShot(KeychainTimeoutMs, this, [this, settled] {
        if (std::exchange(*settled, true))
            return;
        m_probing = false;
        setAvailability(Availability::SessionOnly);
    });
    job->start();
}

void PasswordStore::store(const QString &connectionId, const QString &password)
{
    if (password.isEmpty()) {
        remove(connectionId);
        return;
    }
    m_memory.insert(connectionId, password);
    if (m_availability == Availability::SessionOnly)
        return;
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(connectionId);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, connectionId](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError) {
            setAvailability(Availability::Keychain);
            return;
        }
        if (meansNoBackend(j->error()))
            setAvailability(Availability::SessionOnly);
        Q_EMIT storeFailed(connectionId, tr("The keychain did not store the password (%1); it is kept for this "
                                            "session only.").arg(j->errorString()));
    });
    job->start();
}

void PasswordStore::remove(const QString &connectionId)
{
    m_memory.remove(connectionId);
    if (m_availability == Availability::SessionOnly)
        return;
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(connectionId);
    job->start();   // nothing to do on failure: an entry that was never there is fine
}

void PasswordStore::fetch(const QString &connectionId, QObject *context,
                          std::function<void(const QString &, const QString &)> done)
{
    const auto it = m_memory.constFind(connectionId);
    if (it != m_memory.constEnd() || m_availability == Availability::SessionOnly) {
        const QString pw = it != m_memory.constEnd() ? *it : QString();
        QTimer::singleShot(0, context, [done, pw] { done(pw, QString()); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(connectionId);
    auto settled = std::make_shared<bool>(false);
    connect(job, &QKeychain::Job::finished, context, [this, connectionId, settled, done](QKeychain::Job *j) {
        if (std::exchange(*settled, true))
            return;
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (j->error() == QKeychain::NoError) {
            setAvailability(Availability::Keychain);
            m_memory.insert(connectionId, read->textData());
            done(read->textData(), QString());
        } else if (j->error() == QKeychain::EntryNotFound) {
            setAvailability(Availability::Keychain);
            done(QString(), QString());
        } else {
            if (meansNoBackend(j->error()))
                setAvailability(Availability::SessionOnly);
            done(QString(), tr("The keychain could not be read (%1).").arg(j->errorString()));
        }
    });
    QTimer::singleShot(KeychainTimeoutMs, context, [this, settled, done] {
        if (std::exchange(*settled, true))
            return;
        setAvailability(Availability::SessionOnly);
        done(QString(), tr("The keychain did not answer within %1 s.").arg(KeychainTimeoutMs / 1000));
    });
    job->start();
}

} // namespace cachescope
