<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message>
        <source>idle</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>faulted</source>
        <translation>gestört</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>meridian::ui::EquityChart</name>
    <message>
        <source>Equity</source>
        <translation>Kapital</translation>
    </message>
    <message>
        <source>Drawdown</source>
        <translation>Drawdown-Verlauf</translation>
    </message>
    <message>
        <source>%1   equity %2   drawdown %3</source>
        <translation>%1   Kapital %2   Drawdown %3</translation>
    </message>
    <message>
        <source>DD %</source>
        <translation>DD %</translation>
    </message>
</context>
<context>
    <name>meridian::ui::ExposureChart</name>
    <message>
        <source>Exposure (no equity curve yet)</source>
        <translation>Investitionsgrad (noch keine Kapitalkurve)</translation>
    </message>
    <message>
        <source>Exposure (gross exposure / equity)</source>
        <translation>Investitionsgrad (Brutto-Engagement / Kapital)</translation>
    </message>
    <message>
        <source>Gross exposure</source>
        <translation>Brutto-Engagement</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Investitionsgrad</translation>
    </message>
</context>
<context>
    <name>meridian::ui::FillsModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Kurs</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>Verkauf</translation>
    </message>
</context>
<context>
    <name>meridian::ui::LogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>meridian::ui::MainWindow</name>
    <message>
        <source>workstation</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>Ready. Pick a configuration and a strategy, then Run (Ctrl+R).</source>
        <translation>Bereit. Konfiguration und Strategie wählen, dann Starten (Strg+R).</translation>
    </message>
    <message>
        <source>About Meridian</source>
        <translation>Über Meridian</translation>
    </message>
    <message>
        <source>&lt;b&gt;Meridian&lt;/b&gt; %1&lt;br&gt;A trading workstation: backtests on real market data, one engine for backtest, paper and live.</source>
        <translation>&lt;b&gt;Meridian&lt;/b&gt; %1&lt;br&gt;Eine Handelsplattform: Backtests auf echten Marktdaten, eine Engine für Backtest, Papierhandel und Live-Handel.</translation>
    </message>
    <message>
        <source>runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>trades</source>
        <translation>Trades</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>fills</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <source>positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <source>log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Analysen</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Trades</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Fills</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <source>Meridian — Trading Workstation</source>
        <translation>Meridian — Handelsplattform</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Run the backtest (Ctrl+R)</source>
        <translation>Backtest starten (Strg+R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running backtest (Esc)</source>
        <translation>Laufenden Backtest abbrechen (Esc)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Pause or resume the running backtest (F6)</source>
        <translation>Laufenden Backtest pausieren oder fortsetzen (F6)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Einzelschritt</translation>
    </message>
    <message>
        <source>While paused: advance one bar (F10)</source>
        <translation>Im Pausenmodus: eine Kerze weiter (F10)</translation>
    </message>
    <message>
        <source>&amp;Open configuration…</source>
        <translation>Konfiguration ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save configuration as new version</source>
        <translation>Konfiguration als neue Version &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Export report…</source>
        <translation>Bericht &amp;exportieren…</translation>
    </message>
    <message>
        <source>Write the shown run as a PDF or HTML report</source>
        <translation>Den angezeigten Lauf als PDF- oder HTML-Bericht speichern</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit all</source>
        <translation>&amp;Alles anzeigen</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;About Meridian</source>
        <translation>Ü&amp;ber Meridian</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Config </source>
        <translation>Konfiguration </translation>
    </message>
    <message>
        <source>The run configuration (config/environments)</source>
        <translation>Die Laufkonfiguration (config/environments)</translation>
    </message>
    <message>
        <source> Strategy </source>
        <translation> Strategie </translation>
    </message>
    <message>
        <source>The registered strategy to run; its parameters are in the Strategy panel</source>
        <translation>Die registrierte Strategie für den Lauf; ihre Parameter stehen im Strategie-Bereich</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Limit the run to these dates (otherwise the configuration&apos;s range)</source>
        <translation>Den Lauf auf diese Daten begrenzen (sonst gilt der Zeitraum der Konfiguration)</translation>
    </message>
    <message>
        <source>First session (inclusive)</source>
        <translation>Erster Handelstag (einschließlich)</translation>
    </message>
    <message>
        <source>Last session (inclusive)</source>
        <translation>Letzter Handelstag (einschließlich)</translation>
    </message>
    <message>
        <source>The configuration&apos;s mode: BACKTEST, PAPER or LIVE</source>
        <translation>Der Modus der Konfiguration: BACKTEST, PAPIER oder LIVE</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>The instrument shown in the price chart</source>
        <translation>Das im Kurschart angezeigte Instrument</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>Alles anzeigen</translation>
    </message>
    <message>
        <source>Show the whole run (Ctrl+0); zoom with the mouse wheel, pan by dragging</source>
        <translation>Den ganzen Lauf zeigen (Strg+0); Zoomen mit dem Mausrad, Verschieben durch Ziehen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Select two runs to overlay their equity and compare their metrics</source>
        <translation>Zwei Läufe auswählen, um ihre Kapitalkurven zu überlagern und ihre Kennzahlen zu vergleichen</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Alle Schweregrade</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Monthly returns</source>
        <translation>Monatsrenditen</translation>
    </message>
    <message>
        <source>Trade returns</source>
        <translation>Trade-Renditen</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Investitionsgrad</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>This configuration is not valid:
%1</source>
        <translation>Diese Konfiguration ist ungültig:
%1</translation>
    </message>
    <message>
        <source>config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Invalid configuration: %1</source>
        <translation>Ungültige Konfiguration: %1</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <source>Ready: %1</source>
        <translation>Bereit: %1</translation>
    </message>
    <message>
        <source>BACKTEST</source>
        <translation>BACKTEST</translation>
    </message>
    <message>
        <source>PAPER</source>
        <translation>PAPIER</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>LIVE</translation>
    </message>
    <message>
        <source>The selected configuration is not valid; see the Strategy panel.</source>
        <translation>Die gewählte Konfiguration ist ungültig; siehe Strategie-Bereich.</translation>
    </message>
    <message>
        <source>The date range is empty: the end is before the start.</source>
        <translation>Der Zeitraum ist leer: Das Ende liegt vor dem Beginn.</translation>
    </message>
    <message>
        <source>run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <source>Run #%1 started: %2 on %3</source>
        <translation>Lauf #%1 gestartet: %2 auf %3</translation>
    </message>
    <message>
        <source>Run #%1: starting…</source>
        <translation>Lauf #%1: startet…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Run #%1: running</source>
        <translation>Lauf #%1: läuft</translation>
    </message>
    <message>
        <source>Run #%1: paused</source>
        <translation>Lauf #%1: pausiert</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <source>Run #%1: %2 at %3</source>
        <translation>Lauf #%1: %2 bei %3</translation>
    </message>
    <message>
        <source>Run #%1 completed: %2 bars in %3, total return %4</source>
        <translation>Lauf #%1 abgeschlossen: %2 Kerzen in %3, Gesamtrendite %4</translation>
    </message>
    <message>
        <source>Run #%1 cancelled</source>
        <translation>Lauf #%1 abgebrochen</translation>
    </message>
    <message>
        <source>Run #%1 faulted: %2</source>
        <translation>Lauf #%1 mit Strategiefehler gestoppt: %2</translation>
    </message>
    <message>
        <source>strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Run #%1 failed: %2</source>
        <translation>Lauf #%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Run #%1</source>
        <translation>Lauf #%1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>Gespeichert als %1</translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation>Konfiguration öffnen</translation>
    </message>
    <message>
        <source>Run configurations (*.yaml *.yml)</source>
        <translation>Laufkonfigurationen (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>PDF report (*.pdf);;HTML report (*.html)</source>
        <translation>PDF-Bericht (*.pdf);;HTML-Bericht (*.html)</translation>
    </message>
    <message>
        <source>report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Bericht nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Log and alerts</source>
        <translation>Protokoll und Warnungen</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Indikatoren</translation>
    </message>
    <message>
        <source>Overlay indicators from the feature library: SMA, EMA and Bollinger on the price, RSI and MACD in panes of their own</source>
        <translation>Indikatoren aus der Feature-Bibliothek einblenden: SMA, EMA und Bollinger auf dem Kurs, RSI und MACD in eigenen Bereichen</translation>
    </message>
</context>
<context>
    <name>meridian::ui::MetricsModel</name>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>Symbole</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Bars</source>
        <translation>Kerzen</translation>
    </message>
    <message>
        <source>Events processed</source>
        <translation>Verarbeitete Ereignisse</translation>
    </message>
    <message>
        <source>Initial equity</source>
        <translation>Anfangskapital</translation>
    </message>
    <message>
        <source>Final equity</source>
        <translation>Endkapital</translation>
    </message>
    <message>
        <source>Total return</source>
        <translation>Gesamtrendite</translation>
    </message>
    <message>
        <source>CAGR</source>
        <translation>CAGR (jährl. Rendite)</translation>
    </message>
    <message>
        <source>Volatility (ann.)</source>
        <translation>Volatilität (p. a.)</translation>
    </message>
    <message>
        <source>Sharpe ratio</source>
        <translation>Sharpe-Ratio</translation>
    </message>
    <message>
        <source>Sortino ratio</source>
        <translation>Sortino-Ratio</translation>
    </message>
    <message>
        <source>Max drawdown</source>
        <translation>Max. Drawdown</translation>
    </message>
    <message>
        <source>Max drawdown duration</source>
        <translation>Max. Drawdown-Dauer</translation>
    </message>
    <message>
        <source>Max drawdown peak</source>
        <translation>Max. Drawdown: Hochpunkt</translation>
    </message>
    <message>
        <source>Max drawdown trough</source>
        <translation>Max. Drawdown: Tiefpunkt</translation>
    </message>
    <message>
        <source>Closed trades</source>
        <translation>Abgeschlossene Trades</translation>
    </message>
    <message>
        <source>Win rate</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>Profit factor</source>
        <translation>Profitfaktor</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Investitionsgrad</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Zeitrahmen</translation>
    </message>
    <message>
        <source>Fill at</source>
        <translation>Ausführung zum</translation>
    </message>
    <message>
        <source>Price adjustment</source>
        <translation>Kursbereinigung</translation>
    </message>
    <message>
        <source>Risk-free rate</source>
        <translation>Risikofreier Zins</translation>
    </message>
    <message>
        <source>Periods per year</source>
        <translation>Perioden pro Jahr</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Orders rejected</source>
        <translation>Abgelehnte Aufträge</translation>
    </message>
    <message>
        <source>Fills</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>%1 %2 v%3 (%4 rows)</source>
        <translation>%1 %2 v%3 (%4 Zeilen)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 events/s</source>
        <translation>%1 Ereignisse/s</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <source>Execution</source>
        <translation>Ausführungsqualität</translation>
    </message>
    <message>
        <source>Orders finished</source>
        <translation>Abgeschlossene Aufträge</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Ausgeführt</translation>
    </message>
    <message>
        <source>Partially filled</source>
        <translation>Teilausgeführt</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Verfallen</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Ersetzt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Fill rate</source>
        <translation>Ausführungsquote</translation>
    </message>
    <message>
        <source>Rejections</source>
        <translation>Ablehnungen</translation>
    </message>
    <message>
        <source>Avg slippage vs arrival</source>
        <translation>Ø Slippage ggü. Ankunftskurs</translation>
    </message>
    <message>
        <source>95th pct slippage vs arrival</source>
        <translation>95. Perzentil Slippage ggü. Ankunftskurs</translation>
    </message>
    <message>
        <source>Avg latency</source>
        <translation>Ø Latenz</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 bps</source>
        <translation>%1 Bp.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>meridian::ui::MonthlyReturnsChart</name>
    <message>
        <source>Monthly returns (no equity curve yet)</source>
        <translation>Monatsrenditen (noch keine Kapitalkurve)</translation>
    </message>
    <message>
        <source>Monthly returns</source>
        <translation>Monatsrenditen</translation>
    </message>
    <message>
        <source>Down month</source>
        <translation>Verlustmonat</translation>
    </message>
    <message>
        <source>Up month</source>
        <translation>Gewinnmonat</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Rendite</translation>
    </message>
</context>
<context>
    <name>meridian::ui::OrdersModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Erteilt</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Ausgeführt</translation>
    </message>
    <message>
        <source>Avg price</source>
        <translation>Ø Kurs</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>replaces %1</source>
        <translation>ersetzt %1</translation>
    </message>
    <message>
        <source>replaced by %1</source>
        <translation>ersetzt durch %1</translation>
    </message>
    <message>
        <source>parent %1</source>
        <translation>übergeordnet %1</translation>
    </message>
    <message>
        <source>sibling %1</source>
        <translation>verknüpft %1</translation>
    </message>
    <message>
        <source>TIF</source>
        <translation>Gültigkeit</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Verknüpft</translation>
    </message>
    <message>
        <source>Slip bps</source>
        <translation>Slippage Bp.</translation>
    </message>
    <message>
        <source>Latency ms</source>
        <translation>Latenz ms</translation>
    </message>
    <message>
        <source>Fill %</source>
        <translation>Ausgef. %</translation>
    </message>
    <message>
        <source>trails by %1 %</source>
        <translation>folgt im Abstand von %1 %</translation>
    </message>
    <message>
        <source>trails by %1</source>
        <translation>folgt im Abstand von %1</translation>
    </message>
</context>
<context>
    <name>meridian::ui::PositionsModel</name>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Avg price</source>
        <translation>Ø Kurs</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter Kurs</translation>
    </message>
    <message>
        <source>Market value</source>
        <translation>Marktwert</translation>
    </message>
    <message>
        <source>Unrealized PnL</source>
        <translation>Unrealisierter G/V</translation>
    </message>
    <message>
        <source>Realized PnL</source>
        <translation>Realisierter G/V</translation>
    </message>
</context>
<context>
    <name>meridian::ui::PriceChart</name>
    <message>
        <source>Price</source>
        <translation>Kurs</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <source>Buys</source>
        <translation>Käufe</translation>
    </message>
    <message>
        <source>Sells</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <source>%1  %2   O %3  H %4  L %5  C %6   V %7</source>
        <translation>%1  %2   E %3  H %4  T %5  S %6   V %7</translation>
    </message>
    <message>
        <source>%1 %2 %3 @ %4
%5 · order #%6 · fill #%7</source>
        <translation>%1 %2 %3 @ %4
%5 · Auftrag #%6 · Ausführung #%7</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Verkauf</translation>
    </message>
</context>
<context>
    <name>meridian::ui::ReportExporter</name>
    <message>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Zeitrahmen</translation>
    </message>
    <message>
        <source>Equity</source>
        <translation>Kapital</translation>
    </message>
    <message>
        <source>Drawdown</source>
        <translation>Drawdown-Verlauf</translation>
    </message>
    <message>
        <source>Meridian backtest report</source>
        <translation>Meridian-Backtest-Bericht</translation>
    </message>
    <message>
        <source>%1 to %2 (New York time)</source>
        <translation>%1 bis %2 (New Yorker Zeit)</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>JSON key</source>
        <translation>JSON-Schlüssel</translation>
    </message>
    <message>
        <source>Data used</source>
        <translation>Verwendete Daten</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Dataset version</source>
        <translation>Datensatzversion</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Features used</source>
        <translation>Verwendete Indikatoren</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Indikator</translation>
    </message>
    <message>
        <source>Trades (%1)</source>
        <translation>Trades (%1)</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Stückzahl</translation>
    </message>
    <message>
        <source>Entry (New York)</source>
        <translation>Einstieg (New York)</translation>
    </message>
    <message>
        <source>Entry price</source>
        <translation>Einstiegskurs</translation>
    </message>
    <message>
        <source>Exit (New York)</source>
        <translation>Ausstieg (New York)</translation>
    </message>
    <message>
        <source>Exit price</source>
        <translation>Ausstiegskurs</translation>
    </message>
    <message>
        <source>P&amp;L</source>
        <translation>G/V</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>Long</source>
        <translation>Long</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Cannot write the report to %1: %2</source>
        <translation>Der Bericht kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Feature version</source>
        <translation>Indikatorversion</translation>
    </message>
    <message>
        <source>Feature values withheld</source>
        <translation>Zurückgehaltene Indikatorwerte</translation>
    </message>
    <message>
        <source>Bar (New York)</source>
        <translation>Kerze (New York)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Corporate actions</source>
        <translation>Kapitalmaßnahmen</translation>
    </message>
    <message>
        <source>Time (New York)</source>
        <translation>Zeit (New York)</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Barbetrag</translation>
    </message>
</context>
<context>
    <name>meridian::ui::RunsModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Rendite</translation>
    </message>
    <message>
        <source>Sharpe</source>
        <translation>Sharpe</translation>
    </message>
    <message>
        <source>Max DD</source>
        <translation>Max. DD</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Trades</translation>
    </message>
</context>
<context>
    <name>meridian::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Design</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
</context>
<context>
    <name>meridian::ui::StrategyPanel</name>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Risk limits</source>
        <translation>Risikolimits</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>Symbole</translation>
    </message>
    <message>
        <source>Capital</source>
        <translation>Kapital</translation>
    </message>
    <message>
        <source>Max position</source>
        <translation>Max. Position</translation>
    </message>
    <message>
        <source>Max leverage</source>
        <translation>Max. Hebel</translation>
    </message>
    <message>
        <source>Max daily loss</source>
        <translation>Max. Tagesverlust</translation>
    </message>
    <message>
        <source>Instance name, unique in the run: letters, digits, _ . -</source>
        <translation>Instanzname, im Lauf eindeutig: Buchstaben, Ziffern, _ . -</translation>
    </message>
    <message>
        <source>The instruments it trades, comma-separated (e.g. SPY, TLT)</source>
        <translation>Die gehandelten Instrumente, durch Kommas getrennt (z. B. SPY, TLT)</translation>
    </message>
    <message>
        <source>Cash the strategy&apos;s sub-account starts with</source>
        <translation>Startguthaben des Unterkontos der Strategie</translation>
    </message>
    <message>
        <source>Largest position value as a fraction of the strategy&apos;s equity</source>
        <translation>Größter Positionswert als Anteil am Kapital der Strategie</translation>
    </message>
    <message>
        <source>Largest gross exposure as a multiple of the strategy&apos;s equity</source>
        <translation>Größtes Brutto-Engagement als Vielfaches des Kapitals der Strategie</translation>
    </message>
    <message>
        <source>Load config…</source>
        <translation>Konfiguration laden…</translation>
    </message>
    <message>
        <source>Open another run configuration (YAML)</source>
        <translation>Eine andere Laufkonfiguration öffnen (YAML)</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>Als neue Version speichern</translation>
    </message>
    <message>
        <source>Write the edited configuration next to the original as a new version</source>
        <translation>Die bearbeitete Konfiguration als neue Version neben dem Original speichern</translation>
    </message>
    <message>
        <source> Range: %1 to %2.</source>
        <translation> Bereich: %1 bis %2.</translation>
    </message>
    <message>
        <source>Name: letters, digits, _ . - only, not empty.</source>
        <translation>Name: nur Buchstaben, Ziffern, _ . -, nicht leer.</translation>
    </message>
    <message>
        <source>Symbols: %1</source>
        <translation>Symbole: %1</translation>
    </message>
    <message>
        <source>Symbols: %1 is listed twice.</source>
        <translation>Symbole: %1 ist doppelt aufgeführt.</translation>
    </message>
    <message>
        <source>Symbols: at least one symbol is needed.</source>
        <translation>Symbole: mindestens ein Symbol ist nötig.</translation>
    </message>
    <message>
        <source>Unknown strategy &apos;%1&apos;.</source>
        <translation>Unbekannte Strategie „%1“.</translation>
    </message>
    <message>
        <source>Pause the strategy when it loses this fraction of its start-of-day equity (off: no limit)</source>
        <translation>Strategie pausieren, wenn sie diesen Anteil ihres Kapitals vom Tagesbeginn verliert (aus: kein Limit)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>meridian::ui::TablePanel</name>
    <message>
        <source>Filter %1…</source>
        <translation>%1 filtern…</translation>
    </message>
    <message>
        <source>Show only rows that contain this text (any column)</source>
        <translation>Nur Zeilen anzeigen, die diesen Text enthalten (beliebige Spalte)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Copy selected rows</source>
        <translation>Ausgewählte Zeilen kopieren</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>meridian::ui::TradeReturnsHistogram</name>
    <message>
        <source>Trade returns (no closed trade yet)</source>
        <translation>Trade-Renditen (noch kein abgeschlossener Trade)</translation>
    </message>
    <message>
        <source>Trade returns (closed trades: %1)</source>
        <translation>Trade-Renditen (abgeschlossene Trades: %1)</translation>
    </message>
    <message>
        <source>Losing trades</source>
        <translation>Verlusttrades</translation>
    </message>
    <message>
        <source>Winning trades</source>
        <translation>Gewinntrades</translation>
    </message>
    <message>
        <source>%1 to %2: %3 trades</source>
        <translation>%1 bis %2: %3 Trades</translation>
    </message>
    <message>
        <source>Return per trade, % of entry notional (bin lower edge)</source>
        <translation>Rendite je Trade in % des Einstiegsvolumens (Klassenuntergrenze)</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Trades</translation>
    </message>
</context>
<context>
    <name>meridian::ui::TradesModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Entry time</source>
        <translation>Einstiegszeit</translation>
    </message>
    <message>
        <source>Entry price</source>
        <translation>Einstiegskurs</translation>
    </message>
    <message>
        <source>Exit time</source>
        <translation>Ausstiegszeit</translation>
    </message>
    <message>
        <source>Exit price</source>
        <translation>Ausstiegskurs</translation>
    </message>
    <message>
        <source>PnL</source>
        <translation>G/V</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Rendite</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <source>long</source>
        <translation>long</translation>
    </message>
    <message>
        <source>short</source>
        <translation>short</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
</context>
</TS>
