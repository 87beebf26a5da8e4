#pragma once

// The broker key pair. It comes only from the environment (APCA_API_KEY_ID /
// APCA_API_SECRET_KEY, the names Alpaca's own SDKs use) or from the OS keyring through
// QtKeychain — never from YAML, and it is never written to a log or a file: whatever the
// adapter logs goes through scrub(), and redacted() is the only form meant for people.
//
//     Result<Credentials> credentials = Credentials::load("meridian-alpaca-paper");
//     log("using " + credentials->redacted()); // "key PKAB**** (secret hidden)"

#include "engine/core/result.h"

#include <string>
#include <string_view>

namespace meridian::live {

class Credentials
{
public:
    static constexpr const char *keyIdVariable = "APCA_API_KEY_ID";
    static constexpr const char *secretVariable = "APCA_API_SECRET_KEY";

    // Both values must be non-empty.
    static engine::Result<Credentials> fromValues(std::string keyId, std::string secret);
    static engine::Result<Credentials> fromEnvironment();
    // The keyring entries `key_id` and `secret` of `service`. Fails with the keyring's reason
    // when QtKeychain is not built in, no keyring runs, or the entries do not exist.
    static engine::Result<Credentials> fromKeychain(const std::string &service);
    // The environment when both variables are set, else the keyring.
    static engine::Result<Credentials> load(const std::string &keychainService);
    static bool keychainSupported();

    const std::string &keyId() const { return m_keyId; }
    const std::string &secret() const { return m_secret; }

    // The first 4 characters of the key id, nothing of the secret.
    std::string redacted() const;
    // `text` with every occurrence of the secret replaced by "<redacted>".
    std::string scrub(std::string_view text) const;

private:
    Credentials(std::string keyId, std::string secret)
        : m_keyId(std::move(keyId))
        , m_secret(std::move(secret))
    {}

    std::string m_keyId;
    std::string m_secret;
};

} // namespace meridian::live
