#include "engine/live/alpaca/credentials.h"

#include <QEventLoop>
#include <QString>
#include <QTimer>

#include <cstdlib>

#ifdef MERIDIAN_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace meridian::live {

using engine::Error;
using engine::Result;

Result<Credentials> Credentials::fromValues(std::string keyId, std::string secret)
{
    if (keyId.empty())
        return Error("credentials: empty API key id");
    if (secret.empty())
        return Error("credentials: empty API secret");
    return Credentials(std::move(keyId), std::move(secret));
}

Result<Credentials> Credentials::fromEnvironment()
{
    const char *keyId = std::getenv(keyIdVariable);
    const char *secret = std::getenv(secretVariable);
    if (keyId == nullptr || *keyId == '\0')
        return Error(std::string("credentials: environment variable ") + keyIdVariable
                     + " is not set");
    if (secret == nullptr || *secret == '\0')
        return Error(std::string("credentials: environment variable ") + secretVariable
                     + " is not set");
    return fromValues(keyId, secret);
}

bool Credentials::keychainSupported()
{
#ifdef MERIDIAN_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

#ifdef MERIDIAN_HAVE_QTKEYCHAIN
namespace {

// Reads one keyring entry, waiting for QtKeychain's asynchronous job (bounded: a keyring that
// does not answer must not hang start-up).
Result<std::string> readEntry(const std::string &service, const char *key)
{
    QKeychain::ReadPasswordJob job(QString::fromStdString(service));
    job.setAutoDelete(false);
    job.setKey(QString::fromLatin1(key));
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    const std::string where = "credentials: keyring " + engine::quoted(service) + " entry "
                              + engine::quoted(key);
    if (job.error() != QKeychain::NoError)
        return Error(where + ": " + job.errorString().toStdString());
    const std::string value = job.textData().toStdString();
    if (value.empty())
        return Error(where + ": empty or no answer");
    return value;
}

} // namespace
#endif

Result<Credentials> Credentials::fromKeychain(const std::string &service)
{
#ifdef MERIDIAN_HAVE_QTKEYCHAIN
    Result<std::string> keyId = readEntry(service, "key_id");
    if (!keyId)
        return keyId.error();
    Result<std::string> secret = readEntry(service, "secret");
    if (!secret)
        return secret.error();
    return fromValues(std::move(*keyId), std::move(*secret));
#else
    static_cast<void>(service);
    return Error("credentials: this build has no keyring support (QtKeychain); set "
                 + std::string(keyIdVariable) + " and " + secretVariable + " instead");
#endif
}

Result<Credentials> Credentials::load(const std::string &keychainService)
{
    Result<Credentials> fromEnv = fromEnvironment();
    if (fromEnv)
        return fromEnv;
    Result<Credentials> fromKeyring = fromKeychain(keychainService);
    if (fromKeyring)
        return fromKeyring;
    return Error(fromEnv.error().message() + "; " + fromKeyring.error().message());
}

std::string Credentials::redacted() const
{
    std::string result = "key ";
    result.append(m_keyId.substr(0, 4));
    result += "**** (secret hidden)";
    return result;
}

std::string Credentials::scrub(std::string_view text) const
{
    std::string result(text);
    if (m_secret.empty())
        return result;
    static constexpr std::string_view mask = "<redacted>";
    for (std::size_t pos = result.find(m_secret); pos != std::string::npos;
         pos = result.find(m_secret, pos + mask.size()))
        result.replace(pos, m_secret.size(), mask);
    return result;
}

} // namespace meridian::live
