#pragma once
// Connection passwords, kept out of the settings file. They go to the OS keychain
// (QtKeychain: Secret Service / KWallet, macOS Keychain, Windows Credential Store).
// When no keychain service answers (no D-Bus secret service, CI, offscreen), passwords
// live in this object's memory for the session only, and availabilityText() says so.
//
// Keychain jobs are asynchronous and never waited on: fetch() answers through a callback
// on the GUI thread, from memory at once when it can. A job that does not answer within
// a few seconds counts as "no keychain" so a hung D-Bus service cannot stall a connect.
// CACHESCOPE_NO_KEYCHAIN=1 skips the keychain entirely (tests, demos).

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace cachescope {

class PasswordStore : public QObject
{
    Q_OBJECT
public:
    enum class Availability { Unknown, Keychain, SessionOnly };
    Q_ENUM(Availability)

    explicit PasswordStore(QObject *parent = nullptr);

    Availability availability() const { return m_availability; }
    // One sentence for the connection dialog beside the password field.
    QString availabilityText() const;

    // Asks the keychain whether it is there at all; emits availabilityChanged().
    void probe();
    // Remembers the password for this session at once, and writes it to the keychain.
    void store(const QString &connectionId, const QString &password);
    void remove(const QString &connectionId);
    // Calls done(password, note) exactly once on the GUI thread; an empty password when none
    // is known. note explains a keychain problem ("the keychain refused access…").
    void fetch(const QString &connectionId, QObject *context,
               std::function<void(const QString &password, const QString &note)> done);
    // The in-memory copy only (no keychain round trip).
    QString cached(const QString &connectionId) const { return m_memory.value(connectionId); }
    // The entry for a Sentinel connection's sentinelPassword: a second entry beside the
    // connection's own, used with store() / fetch() / cached() / remove() like an id.
    static QString sentinelKey(const QString &connectionId)
    {
        return connectionId + QStringLiteral("#sentinel");
    }

Q_SIGNALS:
    void availabilityChanged(cachescope::PasswordStore::Availability availability);
    // A keychain write failed: the password is kept for this session only.
    void storeFailed(const QString &connectionId, const QString &message);

private:
    void setAvailability(Availability a);
    QString m_service;
    QHash<QString, QString> m_memory;
    Availability m_availability = Availability::Unknown;
    bool m_probing = false;
};

} // namespace cachescope
