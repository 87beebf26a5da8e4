<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
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
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>Symbole</translation>
    </message>
    <message>
        <source>First bar</source>
        <translation>Erste Kerze</translation>
    </message>
    <message>
        <source>Last bar</source>
        <translation>Letzte Kerze</translation>
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
        <source>Volatility (annualised)</source>
        <translation>Volatilität (annualisiert)</translation>
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
        <source>Exposure (time in market)</source>
        <translation>Investitionsgrad (Zeit im Markt)</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <source>Run time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Events per second</source>
        <translation>Ereignisse pro Sekunde</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Zeitrahmen</translation>
    </message>
    <message>
        <source>Fills at</source>
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
        <source>Orders submitted</source>
        <translation>Erteilte Aufträge</translation>
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
        <source>n/a (no losing trade)</source>
        <translation>k. A. (kein Verlusttrade)</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
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
        <source>Strategies</source>
        <translation>Strategien</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
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
        <source>Version</source>
        <translation>Version</translation>
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
