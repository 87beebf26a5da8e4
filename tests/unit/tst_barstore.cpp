// BarStore: schema and pragmas, dataset queries and their order, versions, refusing foreign or
// newer files, the default path.

#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/data/sqlitestatement.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <memory>

using namespace meridian::engine;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string queryText(const BarStore &store, const char *sql)
{
    auto stmt = SqliteStatement::prepare(store.handle(), sql);
    if (!stmt || !*stmt->step())
        return "<no row>";
    return stmt->columnText(0);
}

ImportOptions options(const std::string &symbol, const char *timeframe)
{
    ImportOptions result;
    result.symbol = symbol;
    result.timeframe = *Timeframe::parse(timeframe);
    return result;
}

const char *dailyCsv = "timestamp,open,high,low,close,volume\n"
                       "2020-01-02,100,101,99,100.5,1000\n"
                       "2020-01-03,100.5,102,100,101,2000\n";
const char *minuteCsv = "timestamp,open,high,low,close,volume\n"
                        "2020-01-02T09:30:00,100,101,99,100.5,1000\n";

// Restores an environment variable when the test ends.
class EnvGuard
{
public:
    explicit EnvGuard(const char *name)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_value(qgetenv(name))
    {}
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_value);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_value;
};

} // namespace

class TestBarStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createsDirectoriesSchemaAndPragmas();
    void refusesChangesToImportedData();
    void reopensExistingStore();
    void listsDatasetsSorted();
    void findsDatasetsByVersion();
    void movesOwnership();
    void refusesNewerSchema();
    void refusesForeignDatabase();
    void refusesNonDatabaseFile();
    void refusesEmptyPath();
    void worksInMemory();
    void defaultPathFollowsXdg();
    void expandsUserPath_data();
    void expandsUserPath();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string path(const char *name) const { return m_dir->filePath(name).toStdString(); }
};

void TestBarStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestBarStore::cleanup()
{
    m_dir.reset();
}

void TestBarStore::createsDirectoriesSchemaAndPragmas()
{
    const std::string file = path("a/b/c/market.db");
    auto store = BarStore::open(file);
    QVERIFY2(store.has_value(), store ? "" : store.error().message().c_str());
    QVERIFY(QFile::exists(qs(file)));
    QCOMPARE(qs(store->path()), qs(file));
    QCOMPARE(qs(queryText(*store, "PRAGMA journal_mode")), QString("wal"));
    QCOMPARE(qs(queryText(*store, "PRAGMA synchronous")), QString("1")); // NORMAL
    QCOMPARE(qs(queryText(*store, "PRAGMA foreign_keys")), QString("1"));
    QCOMPARE(qs(queryText(*store, "PRAGMA user_version")), QString("1"));
    QCOMPARE(
        qs(queryText(*store, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master"
                             " WHERE type = 'table' ORDER BY name)")),
        QString("bars,datasets"));
    // bars is clustered on (dataset_id, ts): a time-range query is a primary-key range scan.
    QCOMPARE(
        qs(queryText(*store, "SELECT count(*) FROM pragma_index_list('bars') WHERE origin = 'pk'")),
        QString("1"));
    QCOMPARE(qs(queryText(*store,
                          "SELECT group_concat(name, ',') FROM pragma_index_info("
                          "(SELECT name FROM pragma_index_list('datasets') WHERE origin = 'u'))")),
             QString("symbol,timeframe,version"));
    const auto datasets = store->datasets();
    QVERIFY(datasets.has_value());
    QVERIFY(datasets->empty());
}

void TestBarStore::refusesChangesToImportedData()
{
    auto store = BarStore::open(path("market.db"));
    QVERIFY(store.has_value());
    QVERIFY(importCsvText(*store, dailyCsv, "spy.csv", options("SPY", "1d")).has_value());
    const auto bars = execSql(store->handle(), "UPDATE bars SET close = close + 1");
    QVERIFY(!bars.has_value());
    QCOMPARE(qs(bars.error().message()),
             QString("SQLite: bars are immutable; import a new version instead"));
    const auto datasets = execSql(store->handle(), "UPDATE datasets SET rows = 0");
    QVERIFY(!datasets.has_value());
    QCOMPARE(qs(datasets.error().message()),
             QString("SQLite: datasets are immutable; import a new version instead"));
    QCOMPARE(qs(queryText(*store, "SELECT group_concat(close, ',') FROM bars")),
             QString("10050000000,10100000000"));
}

void TestBarStore::reopensExistingStore()
{
    const std::string file = path("market.db");
    {
        auto store = BarStore::open(file);
        QVERIFY(store.has_value());
        QVERIFY(importCsvText(*store, dailyCsv, "spy.csv", options("SPY", "1d")).has_value());
    }
    auto again = BarStore::open(file);
    QVERIFY2(again.has_value(), again ? "" : again.error().message().c_str());
    const auto datasets = again->datasets();
    QVERIFY(datasets.has_value());
    QCOMPARE(datasets->size(), std::size_t(1));
    QCOMPARE(qs((*datasets)[0].symbol), QString("SPY"));
    QCOMPARE((*datasets)[0].rows, std::int64_t(2));
}

void TestBarStore::listsDatasetsSorted()
{
    auto store = BarStore::open(path("market.db"));
    QVERIFY(store.has_value());
    QVERIFY(importCsvText(*store, dailyCsv, "tlt.csv", options("TLT", "1d")).has_value());
    QVERIFY(importCsvText(*store, minuteCsv, "spy1m.csv", options("SPY", "1m")).has_value());
    QVERIFY(importCsvText(*store, dailyCsv, "spy.csv", options("SPY", "1d")).has_value());
    QVERIFY(importCsvText(*store, dailyCsv, "spy2.csv", options("SPY", "1d")).has_value());
    QVERIFY(importCsvText(*store, dailyCsv, "agg.csv", options("AGG", "1d")).has_value());

    const auto datasets = store->datasets();
    QVERIFY(datasets.has_value());
    QStringList listed;
    for (const DatasetInfo &info : *datasets)
        listed << qs(info.symbol + " " + info.timeframe + " v" + std::to_string(info.version) + " "
                     + info.source);
    QCOMPARE(listed, QStringList({"AGG 1d v1 agg.csv", "SPY 1d v1 spy.csv", "SPY 1d v2 spy2.csv",
                                  "SPY 1m v1 spy1m.csv", "TLT 1d v1 tlt.csv"}));
}

void TestBarStore::findsDatasetsByVersion()
{
    auto store = BarStore::open(path("market.db"));
    QVERIFY(store.has_value());
    QVERIFY(importCsvText(*store, dailyCsv, "v1.csv", options("SPY", "1d")).has_value());
    const auto v2 = importCsvText(*store, dailyCsv, "v2.csv", options("SPY", "1d"));
    QVERIFY(v2.has_value());

    const auto latest = store->latestDataset("SPY", "1d");
    QVERIFY(latest.has_value() && latest->has_value());
    QCOMPARE((*latest)->version, 2);
    QCOMPARE(qs((*latest)->source), QString("v2.csv"));
    QVERIFY(**latest == v2->dataset);

    const auto v1 = store->dataset("SPY", "1d", 1);
    QVERIFY(v1.has_value() && v1->has_value());
    QCOMPARE(qs((*v1)->source), QString("v1.csv"));
    QCOMPARE((*v1)->first.unixNanos(), std::int64_t(1577998800000000000)); // 2020-01-02T21:00Z
    const auto byId = store->datasetById((*v1)->id);
    QVERIFY(byId.has_value() && byId->has_value());
    QVERIFY(**byId == **v1);

    QVERIFY(!store->dataset("SPY", "1d", 3)->has_value());
    QVERIFY(!store->latestDataset("SPY", "1h")->has_value());
    QVERIFY(!store->latestDataset("QQQ", "1d")->has_value());
    QVERIFY(!store->datasetById(999)->has_value());
}

void TestBarStore::movesOwnership()
{
    auto opened = BarStore::open(path("market.db"));
    QVERIFY(opened.has_value());
    BarStore store = std::move(*opened);
    QVERIFY(opened->handle() == nullptr);
    QVERIFY(store.handle() != nullptr);
    QVERIFY(importCsvText(store, dailyCsv, "spy.csv", options("SPY", "1d")).has_value());
    auto other = BarStore::open(path("other.db"));
    QVERIFY(other.has_value());
    *other = std::move(store);
    QCOMPARE(qs(other->path()), qs(path("market.db")));
    QCOMPARE(other->datasets()->size(), std::size_t(1));
}

void TestBarStore::refusesNewerSchema()
{
    const std::string file = path("future.db");
    {
        auto store = BarStore::open(file);
        QVERIFY(store.has_value());
        QVERIFY(execSql(store->handle(), "PRAGMA user_version = 7").has_value());
    }
    const auto store = BarStore::open(file);
    QVERIFY(!store.has_value());
    QCOMPARE(qs(store.error().message()),
             qs(file + ": the store has schema version 7, newer than this build understands (1)"));
}

void TestBarStore::refusesForeignDatabase()
{
    const std::string file = path("other.db");
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    QVERIFY(execSql(db, "CREATE TABLE notes(text TEXT)").has_value());
    sqlite3_close(db);
    const auto store = BarStore::open(file);
    QVERIFY(!store.has_value());
    QCOMPARE(qs(store.error().message()),
             qs(file + ": an SQLite database, but not a Meridian bar store"));
}

void TestBarStore::refusesNonDatabaseFile()
{
    const std::string file = path("notes.txt");
    QFile text(qs(file));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write(QByteArray(4096, 'x'));
    text.close();
    const auto store = BarStore::open(file);
    QVERIFY(!store.has_value());
    QCOMPARE(qs(store.error().message()), qs(file + ": SQLite: file is not a database"));
}

void TestBarStore::refusesEmptyPath()
{
    const auto store = BarStore::open("");
    QVERIFY(!store.has_value());
    QCOMPARE(qs(store.error().message()), QString("bar store: empty path"));
}

void TestBarStore::worksInMemory()
{
    auto store = BarStore::open(":memory:");
    QVERIFY2(store.has_value(), store ? "" : store.error().message().c_str());
    QVERIFY(importCsvText(*store, dailyCsv, "spy.csv", options("SPY", "1d")).has_value());
    QCOMPARE(store->datasets()->size(), std::size_t(1));
}

void TestBarStore::defaultPathFollowsXdg()
{
    EnvGuard xdg("XDG_DATA_HOME");
    EnvGuard home("HOME");
    qputenv("HOME", "/home/trader");
    qputenv("XDG_DATA_HOME", "/data/xdg");
    QCOMPARE(qs(defaultStorePath()), QString("/data/xdg/meridian/market.db"));
    qunsetenv("XDG_DATA_HOME");
    QCOMPARE(qs(defaultStorePath()), QString("/home/trader/.local/share/meridian/market.db"));
    // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
    qputenv("XDG_DATA_HOME", "relative/dir");
    QCOMPARE(qs(defaultStorePath()), QString("/home/trader/.local/share/meridian/market.db"));
}

void TestBarStore::expandsUserPath_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("tilde") << "~"
                           << "/home/trader";
    QTest::newRow("tilde slash") << "~/m.db"
                                 << "/home/trader/m.db";
    QTest::newRow("absolute") << "/tmp/m.db"
                              << "/tmp/m.db";
    QTest::newRow("relative") << "m.db"
                              << "m.db";
    QTest::newRow("other user") << "~bob/m.db"
                                << "~bob/m.db";
    QTest::newRow("tilde inside") << "/a/~/m.db"
                                  << "/a/~/m.db";
    QTest::newRow("empty") << ""
                           << "";
}

void TestBarStore::expandsUserPath()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    EnvGuard home("HOME");
    qputenv("HOME", "/home/trader");
    QCOMPARE(qs(expandUserPath(input.toStdString())), expected);
}

QTEST_APPLESS_MAIN(TestBarStore)

#include "tst_barstore.moc"
