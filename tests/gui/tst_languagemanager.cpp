// Switching the interface language: German translates strings in place (widgets that exist
// already retranslate on LanguageChange), numbers follow the German locale, the choice is kept in
// QSettings, and English comes back. The German file must be complete.

#include "ui/analyticscharts.h"
#include "ui/languagemanager.h"
#include "ui/reportexporter.h"

#include <QChart>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace meridian::ui;

class TestLanguageManager : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MeridianTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_languagemanager"));
        QSettings().clear();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void offersEnglishAndGerman()
    {
        const LanguageManager languages;
        QCOMPARE(languages.availableLanguages(), (QStringList{"en", "de"}));
        QCOMPARE(languages.language(), QStringLiteral("en"));
        QCOMPARE(LanguageManager::displayName("en"), QStringLiteral("English"));
        QCOMPARE(LanguageManager::displayName("de"), QStringLiteral("Deutsch"));
    }

    void switchesToGermanAndBack()
    {
        LanguageManager languages;
        MonthlyReturnsChart chart; // exists before the switch: must retranslate itself
        QCOMPARE(chart.chart()->title(), QStringLiteral("Monthly returns (no equity curve yet)"));
        QSignalSpy changed(&languages, &LanguageManager::languageChanged);

        QVERIFY(languages.setLanguage("de"));
        QCOMPARE(languages.language(), QStringLiteral("de"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("de"));
        QCoreApplication::processEvents();
        QCOMPARE(chart.chart()->title(),
                 QStringLiteral("Monatsrenditen (noch keine Kapitalkurve)"));
        QCOMPARE(
            QCoreApplication::translate("meridian::ui::TradeReturnsHistogram", "Losing trades"),
            QStringLiteral("Verlusttrades"));
        QCOMPARE(QLocale().decimalPoint(), QStringLiteral(","));
        QCOMPARE(QLocale().toString(1234567.5, 'f', 1), QStringLiteral("1.234.567,5"));
        QCOMPARE(QSettings().value("language").toString(), QStringLiteral("de"));
        // The report too, down to its metric labels.
        const meridian::engine::BacktestResult result;
        const QString report = ReportExporter(result, QString()).html();
        QVERIFY(report.contains(QLatin1String("<h1>Meridian-Backtest-Bericht</h1>")));
        QVERIFY(report.contains(QLatin1String("<td>Gesamtrendite</td>")));

        QVERIFY(languages.setLanguage("en"));
        QCoreApplication::processEvents();
        QCOMPARE(chart.chart()->title(), QStringLiteral("Monthly returns (no equity curve yet)"));
        QCOMPARE(
            QCoreApplication::translate("meridian::ui::TradeReturnsHistogram", "Losing trades"),
            QStringLiteral("Losing trades"));
        QCOMPARE(QLocale().decimalPoint(), QStringLiteral("."));
        QCOMPARE(QSettings().value("language").toString(), QStringLiteral("en"));
        QCOMPARE(changed.count(), 2);
    }

    void refusesUnknownLanguages()
    {
        LanguageManager languages;
        QVERIFY(!languages.setLanguage("xx"));
        QVERIFY(!languages.setLanguage(QString()));
        QCOMPARE(languages.language(), QStringLiteral("en"));
    }

    void restoresTheSavedChoice()
    {
        QSettings().setValue("language", "de");
        {
            LanguageManager languages;
            languages.restoreLanguage();
            QCOMPARE(languages.language(), QStringLiteral("de"));
            QCOMPARE(QCoreApplication::translate("meridian::ui::MonthlyReturnsChart", "Up month"),
                     QStringLiteral("Gewinnmonat"));
        }
        // Destroying the manager removes its translators.
        QCOMPARE(QCoreApplication::translate("meridian::ui::MonthlyReturnsChart", "Up month"),
                 QStringLiteral("Up month"));
        QSettings().setValue("language", "klingon");
        LanguageManager languages;
        languages.restoreLanguage();
        QCOMPARE(languages.language(), QStringLiteral("en"));
    }

    void germanTranslationIsComplete()
    {
        QFile file(QStringLiteral(MERIDIAN_SOURCE_DIR "/translations/meridian_de.ts"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString ts = QString::fromUtf8(file.readAll());
        const qsizetype messages = ts.count(QLatin1String("<message"));
        QVERIFY(messages > 100);
        QCOMPARE(ts.count(QLatin1String("type=\"unfinished\"")), 0);
        QCOMPARE(ts.count(QLatin1String("type=\"vanished\"")), 0);
        QCOMPARE(ts.count(QLatin1String("<translation></translation>")), 0);
        QCOMPARE(ts.count(QRegularExpression(QStringLiteral("<translation>[^<]+</translation>"))),
                 messages);
    }
};

QTEST_MAIN(TestLanguageManager)
#include "tst_languagemanager.moc"
