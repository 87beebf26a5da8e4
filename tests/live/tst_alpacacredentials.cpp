// Credentials: from the environment only when both variables are set, never shown in full.
// The key pair here is made up.

#include "engine/live/alpaca/credentials.h"

#include <QTest>

#include <cstdlib>

using namespace meridian::live;

namespace {
const char *const keyId = "PKTEST1234567890ABCD";
const char *const secret = "s3cr3t-Made-Up-For-Tests-0123456789abcdef";
} // namespace

class TestAlpacaCredentials : public QObject
{
    Q_OBJECT

private slots:
    void cleanup()
    {
        unsetenv(Credentials::keyIdVariable);
        unsetenv(Credentials::secretVariable);
    }

    void fromEnvironment()
    {
        setenv(Credentials::keyIdVariable, keyId, 1);
        setenv(Credentials::secretVariable, secret, 1);
        const auto credentials = Credentials::fromEnvironment();
        QVERIFY(credentials);
        QCOMPARE(credentials->keyId(), std::string(keyId));
        QCOMPARE(credentials->secret(), std::string(secret));
        // load() prefers the environment and never reaches the keyring.
        const auto loaded = Credentials::load("meridian-test-no-such-service");
        QVERIFY(loaded && loaded->secret() == secret);
    }

    void missingVariablesNameTheVariable()
    {
        setenv(Credentials::keyIdVariable, keyId, 1);
        const auto noSecret = Credentials::fromEnvironment();
        QVERIFY(!noSecret);
        QCOMPARE(noSecret.error().message(),
                 std::string("credentials: environment variable APCA_API_SECRET_KEY is not set"));
        cleanup();
        setenv(Credentials::secretVariable, "", 1);
        const auto none = Credentials::fromEnvironment();
        QVERIFY(!none);
        QCOMPARE(none.error().message(),
                 std::string("credentials: environment variable APCA_API_KEY_ID is not set"));
        QVERIFY(!Credentials::fromValues("", "x"));
        QVERIFY(!Credentials::fromValues("x", ""));
    }

    void redactedAndScrubbedNeverShowTheSecret()
    {
        const auto credentials = Credentials::fromValues(keyId, secret);
        QVERIFY(credentials);
        const std::string shown = credentials->redacted();
        QCOMPARE(shown, std::string("key PKTE**** (secret hidden)"));
        QVERIFY(shown.find(secret) == std::string::npos);
        QVERIFY(shown.find(keyId) == std::string::npos);
        const std::string line = std::string("auth {\"key\":\"") + keyId + "\",\"secret\":\"" + secret
                                 + "\"} then " + secret;
        const std::string scrubbed = credentials->scrub(line);
        QVERIFY(scrubbed.find(secret) == std::string::npos);
        QCOMPARE(scrubbed, std::string("auth {\"key\":\"") + keyId
                               + "\",\"secret\":\"<redacted>\"} then <redacted>");
        QCOMPARE(credentials->scrub("nothing secret"), std::string("nothing secret"));
    }
};

QTEST_GUILESS_MAIN(TestAlpacaCredentials)
#include "tst_alpacacredentials.moc"
