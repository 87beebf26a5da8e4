#pragma once

// The Alpaca payload fixtures (tests/fixtures/alpaca/payloads, a verbatim copy of
// shared/alpaca/payloads) for the tst_alpaca* tests.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstdlib>
#include <cstdio>

inline QString alpacaPayloadDir()
{
    return QStringLiteral(MERIDIAN_SOURCE_DIR "/tests/fixtures/alpaca/payloads");
}

// The file's bytes; a missing fixture ends the test run (it is a broken checkout, not a failure
// of the code under test).
inline QByteArray alpacaPayload(const QString &name)
{
    QFile file(alpacaPayloadDir() + QLatin1Char('/') + name);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "missing payload %s\n", qPrintable(name));
        std::abort();
    }
    return file.readAll();
}
