// The two themes: distinct palettes, readable text (WCAG contrast ≥ 4.5:1, the AA level for body
// text), a style sheet with every placeholder filled, and the app-wide application of both.

#include "ui/theme.h"

#include <QApplication>
#include <QRegularExpression>
#include <QtTest>

using namespace meridian::ui;

class TestTheme : public QObject
{
    Q_OBJECT

private slots:
    void contrastRatioMatchesWcagExamples()
    {
        // Worked from the WCAG definition: black on white is (1 + 0.05) / (0 + 0.05) = 21, a
        // colour against itself 1. #777777: channel 0x77/255 = 0.46667 → ((0.46667 + 0.055) /
        // 1.055)^2.4 = 0.18442 = L; on white (1.05) / (0.23442) = 4.479.
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(contrastRatio(Qt::white, Qt::black), 21.0);
        QCOMPARE(contrastRatio(QColor(0x33, 0x66, 0x99), QColor(0x33, 0x66, 0x99)), 1.0);
        QVERIFY(std::abs(contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) - 4.479) < 0.001);
    }

    void palettesDiffer()
    {
        const ThemeColors &dark = themeColors(ThemeKind::Dark);
        const ThemeColors &light = themeColors(ThemeKind::Light);
        QVERIFY(dark.window != light.window);
        QVERIFY(dark.panel != light.panel);
        QVERIFY(dark.text != light.text);
        // Dark means a dark background under light text, and light the reverse.
        QVERIFY(dark.window.lightnessF() < 0.2);
        QVERIFY(dark.text.lightnessF() > 0.7);
        QVERIFY(light.window.lightnessF() > 0.8);
        QVERIFY(light.text.lightnessF() < 0.2);
        QVERIFY(themePalette(ThemeKind::Dark).color(QPalette::Window)
                != themePalette(ThemeKind::Light).color(QPalette::Window));
    }

    void textIsReadable_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("dark") << static_cast<int>(ThemeKind::Dark);
        QTest::newRow("light") << static_cast<int>(ThemeKind::Light);
    }

    void textIsReadable()
    {
        QFETCH(int, kind);
        const ThemeColors &c = themeColors(static_cast<ThemeKind>(kind));
        for (const QColor &background : {c.window, c.panel, c.header, c.alternateRow}) {
            QVERIFY2(contrastRatio(c.text, background) >= 4.5, qPrintable(background.name()));
            QVERIFY2(contrastRatio(c.mutedText, background) >= 4.5, qPrintable(background.name()));
            // Signed numbers in tables are text too.
            QVERIFY2(contrastRatio(c.positive, background) >= 4.5, qPrintable(background.name()));
            QVERIFY2(contrastRatio(c.negative, background) >= 4.5, qPrintable(background.name()));
        }
        QVERIFY(contrastRatio(c.selectionText, c.selection) >= 4.5);
        const QPalette palette = themePalette(static_cast<ThemeKind>(kind));
        QVERIFY(contrastRatio(palette.color(QPalette::Text), palette.color(QPalette::Base)) >= 4.5);
        QVERIFY(contrastRatio(palette.color(QPalette::WindowText), palette.color(QPalette::Window))
                >= 4.5);
        QVERIFY(contrastRatio(palette.color(QPalette::HighlightedText),
                              palette.color(QPalette::Highlight))
                >= 4.5);
    }

    void styleSheetHasEveryColourFilledIn()
    {
        for (const ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light}) {
            const QString sheet = themeStyleSheet(kind);
            QVERIFY(sheet.contains(QLatin1String("QHeaderView::section")));
            QVERIFY2(!sheet.contains(QRegularExpression(QStringLiteral("@\\w+@"))),
                     qPrintable(themeName(kind)));
            QVERIFY(sheet.contains(themeColors(kind).accent.name()));
            QVERIFY(sheet.contains(themeColors(kind).panel.name()));
        }
        QVERIFY(themeStyleSheet(ThemeKind::Dark) != themeStyleSheet(ThemeKind::Light));
    }

    void applyThemeSetsPaletteAndStyleSheet()
    {
        auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
        QVERIFY(app);
        applyTheme(*app, ThemeKind::Light);
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 themeColors(ThemeKind::Light).window);
        QCOMPARE(app->styleSheet(), themeStyleSheet(ThemeKind::Light));
        applyTheme(*app, ThemeKind::Dark);
        QCOMPARE(QApplication::palette().color(QPalette::Base), themeColors(ThemeKind::Dark).panel);
        QCOMPARE(app->styleSheet(), themeStyleSheet(ThemeKind::Dark));
    }

    void namesRoundTrip()
    {
        QVERIFY(themeFromName(QStringLiteral("dark")) == ThemeKind::Dark);
        QVERIFY(themeFromName(QStringLiteral("light")) == ThemeKind::Light);
        QVERIFY(!themeFromName(QStringLiteral("solarized")).has_value());
        QCOMPARE(themeName(ThemeKind::Light), QStringLiteral("light"));
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
