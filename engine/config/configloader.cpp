#include "engine/config/configloader.h"

#include "engine/config/suggestion.h"
#include "engine/core/symbol.h"
#include "engine/data/timeframe.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

namespace meridian::engine {

namespace {

namespace fs = std::filesystem;

// One file the configuration is read from. `order` sorts diagnostics: the main file first, then
// included files in the order they were opened.
struct Source
{
    std::string name;   // as printed in errors
    fs::path directory; // anchors relative paths written in this file
    int order = 0;
};

// A YAML value together with where it is (file, position, key path). For an empty value
// (`key:` with nothing after it) yaml-cpp puts the mark on the next line, so the key's mark is
// used instead.
struct Item
{
    const Source *source = nullptr;
    YAML::Node node;
    YAML::Mark mark;
    std::string path;
};

struct Entry
{
    std::string key;
    YAML::Mark keyMark;
    Item value;
};

// A map whose keys were checked (scalars, no duplicates, and known when a key list was given).
struct MapView
{
    Item self;
    std::vector<Entry> entries;

    const Item *find(std::string_view key) const
    {
        for (const Entry &entry : entries) {
            if (entry.key == key)
                return &entry.value;
        }
        return nullptr;
    }
};

struct Diagnostic
{
    int order = 0;
    int line = 0;
    int column = 0;
    std::string text;
};

struct Range
{
    double low;
    bool lowOpen;
    double high;
    bool highOpen;

    [[nodiscard]] bool contains(double v) const
    {
        return (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
    }
};

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string describe(const Range &range)
{
    return std::string(range.lowOpen ? "(" : "[") + formatNumber(range.low) + ", "
           + formatNumber(range.high) + (range.highOpen ? ")" : "]");
}

std::string inQuotes(std::string_view text)
{
    return quoted(text);
}

std::string joinPath(const std::string &path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string indexPath(const std::string &path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

std::string joinList(const std::vector<std::string> &items, std::string_view separator = ", ")
{
    std::string out;
    for (const std::string &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

std::string kindOf(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a map";
    case YAML::NodeType::Scalar:
        return inQuotes(node.Scalar());
    default:
        return "nothing";
    }
}

bool validMark(const YAML::Mark &mark)
{
    return mark.line >= 0 && mark.column >= 0;
}

std::optional<double> parseNumber(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> parseInteger(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<bool> parseBoolean(std::string_view text)
{
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    return std::nullopt;
}

bool isSecretName(std::string_view name)
{
    std::string upper(name);
    for (char &c : upper) {
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    for (const char *word : {"KEY", "SECRET", "TOKEN", "PASSWORD"}) {
        if (upper.find(word) != std::string::npos)
            return true;
    }
    return upper.rfind("APCA_", 0) == 0;
}

bool isVariableName(std::string_view name)
{
    if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
               || (c >= '0' && c <= '9');
    });
}

bool isInstanceName(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return c == '_' || c == '-' || c == '.' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
               || (c >= '0' && c <= '9');
    });
}

const std::initializer_list<std::string_view> rootKeys
    = {"mode",       "clock",    "data",      "execution",
       "strategies", "features", "analytics", "risk_limits_file"};
const std::initializer_list<std::string_view> clockKeys
    = {"type", "start_date", "end_date", "speed", "market_hours_only"};
const std::initializer_list<std::string_view> dataKeys
    = {"type", "source", "path", "timeframe", "symbols", "adjustment", "feed"};
const std::initializer_list<std::string_view> executionKeys
    = {"type", "broker", "endpoint", "fill_at", "slippage", "latency", "commission", "seed"};
const std::initializer_list<std::string_view> slippageKeys
    = {"model", "bps", "base_bps", "volume_factor"};
const std::initializer_list<std::string_view> latencyKeys = {"mean_ms", "std_ms"};
const std::initializer_list<std::string_view> commissionKeys
    = {"model", "per_share", "per_order", "percent", "min_per_order", "max_percent"};
const std::initializer_list<std::string_view> strategyKeys
    = {"name", "strategy", "enabled", "capital", "symbols", "params", "risk_limits"};
const std::initializer_list<std::string_view> riskLimitKeys
    = {"max_position_size", "max_leverage", "max_daily_loss"};
const std::initializer_list<std::string_view> featuresKeys = {"cache", "compute_on_demand"};
const std::initializer_list<std::string_view> analyticsKeys = {"risk_free_rate"};

const Range positionSizeRange{0, true, 1e3, false};
const Range leverageRange{0, true, 100, false};
const Range dailyLossRange{0, true, 1, false};

template<class E>
using Choices = std::initializer_list<std::pair<std::string_view, E>>;

// Risk limits as written in one place (a strategy or the risk limits file's defaults).
struct PartialRiskLimits
{
    std::optional<double> maxPositionSize;
    std::optional<double> maxLeverage;
    std::optional<double> maxDailyLoss;
};

// Where the strategy list came from and which symbol items each strategy wrote, for the checks
// that need the whole configuration.
struct StrategyItems
{
    std::optional<Item> name;
    std::vector<std::pair<Item, std::string>> symbols; // each valid symbol with its item
};

class Builder
{
public:
    Builder(const StrategyRegistry &registry, const ConfigLoader::EnvironmentLookup &environment)
        : m_registry(registry)
        , m_environment(environment)
    {}

    Result<EngineConfig> build(std::string_view text, const std::string &displayName)
    {
        const Source &source = addSource(displayName);
        m_config.sourcePath = displayName;
        if (const auto root = parseDocument(source, text))
            parseRoot(*root);
        return finish();
    }

    Result<EngineConfig> buildFile(const std::string &path)
    {
        std::string text;
        if (const auto error = readFile(path, text))
            return Error("cannot open config file " + inQuotes(path) + ": " + *error);
        return build(text, path);
    }

private:
    // --- sources and diagnostics -----------------------------------------------------------

    const Source &addSource(const std::string &name)
    {
        m_sources.push_back(
            Source{name, fs::path(name).parent_path(), static_cast<int>(m_sources.size())});
        m_config.sourceFiles.push_back(name);
        return m_sources.back();
    }

    // Returns the system's description of the failure ("No such file or directory").
    static std::optional<std::string> readFile(const std::string &path, std::string &text)
    {
        const auto describeErrno = [](int fallback) {
            return std::generic_category().message(errno != 0 ? errno : fallback);
        };
        std::error_code ec;
        if (fs::is_directory(path, ec))
            return std::generic_category().message(EISDIR);
        errno = 0;
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return describeErrno(ENOENT);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        if (in.bad())
            return describeErrno(EIO);
        text = buffer.str();
        return std::nullopt;
    }

    // A place to report at that is not a value: a key, a syntax error, a document.
    static Item at(const Source &source, const YAML::Mark &mark, std::string path)
    {
        return Item{&source, YAML::Node(), mark, std::move(path)};
    }

    // `where`'s position, naming another key path (a key that is absent, or implied by a
    // default).
    static Item named(Item where, std::string path)
    {
        where.path = std::move(path);
        return where;
    }

    void report(const Item &where, const std::string &message)
    {
        const YAML::Mark &mark = where.mark;
        const int line = validMark(mark) ? mark.line + 1 : 1;
        const int column = validMark(mark) ? mark.column + 1 : 1;
        std::string text
            = where.source->name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
        if (!where.path.empty())
            text += where.path + ": ";
        text += message;
        m_diagnostics.push_back(Diagnostic{where.source->order, line, column, std::move(text)});
    }

    Result<EngineConfig> finish()
    {
        if (m_diagnostics.empty())
            return std::move(m_config);
        std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(),
                         [](const Diagnostic &a, const Diagnostic &b) {
                             return std::tie(a.order, a.line, a.column)
                                    < std::tie(b.order, b.line, b.column);
                         });
        std::string message;
        for (const Diagnostic &diagnostic : m_diagnostics) {
            if (!message.empty())
                message += '\n';
            message += diagnostic.text;
        }
        return Error(std::move(message));
    }

    // --- YAML structure ---------------------------------------------------------------------

    std::optional<Item> parseDocument(const Source &source, std::string_view text)
    {
        const std::string document(text);
        YAML::Node root;
        try {
            // YAML::LoadAll is not used: yaml-cpp 0.7 loops forever on some malformed input
            // (a lone ',', jbeder/yaml-cpp#1040). Looking at no more than two documents, and
            // noticing when the second one starts where the first did, keeps this bounded.
            const DocumentScan scan = scanDocuments(document);
            if (scan.stuck) {
                const std::size_t pos = static_cast<std::size_t>(std::max(scan.starts[0].pos, 0));
                const std::string found = pos < document.size() ? inQuotes(document.substr(pos, 1))
                                                                : std::string("end of input");
                report(at(source, scan.starts[0], {}), "unexpected " + found);
                return std::nullopt;
            }
            if (scan.starts.size() > 1) {
                report(at(source, scan.starts[1], {}),
                       "a config file holds one YAML document; found a second one");
                return std::nullopt;
            }
            root = YAML::Load(document);
        } catch (const YAML::Exception &e) {
            report(at(source, e.mark, {}), e.msg);
            return std::nullopt;
        }
        return Item{&source, root, root.Mark(), {}};
    }

    struct DocumentScan
    {
        std::vector<YAML::Mark> starts; // of the first two documents at most
        bool stuck = false;             // the parser made no progress into a second document
    };

    static DocumentScan scanDocuments(const std::string &document)
    {
        // Records where documents start and ignores everything else.
        class DocumentStarts final : public YAML::EventHandler
        {
        public:
            std::vector<YAML::Mark> starts;
            void OnDocumentStart(const YAML::Mark &mark) override { starts.push_back(mark); }
            void OnDocumentEnd() override {}
            void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
            void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
            void OnScalar(const YAML::Mark &,
                          const std::string &,
                          YAML::anchor_t,
                          const std::string &) override
            {}
            void OnSequenceStart(const YAML::Mark &,
                                 const std::string &,
                                 YAML::anchor_t,
                                 YAML::EmitterStyle::value) override
            {}
            void OnSequenceEnd() override {}
            void OnMapStart(const YAML::Mark &,
                            const std::string &,
                            YAML::anchor_t,
                            YAML::EmitterStyle::value) override
            {}
            void OnMapEnd() override {}
        };
        std::istringstream in(document);
        YAML::Parser parser(in);
        DocumentStarts handler;
        for (int i = 0; i < 2 && parser.HandleNextDocument(handler); ++i) {
        }
        DocumentScan scan;
        scan.starts = handler.starts;
        scan.stuck = scan.starts.size() == 2 && scan.starts[1].pos == scan.starts[0].pos;
        return scan;
    }

    Item child(const Item &parent, const YAML::Node &key, const YAML::Node &value)
    {
        const YAML::Mark mark
            = value.IsNull() || !validMark(value.Mark()) ? key.Mark() : value.Mark();
        return Item{parent.source, value, mark, joinPath(parent.path, key.Scalar())};
    }

    // Checks that `item` is a map with scalar, unique keys; with `allowed`, every key must be
    // in it (an unknown key gets a did-you-mean).
    std::optional<MapView> map(const Item &item,
                               std::optional<std::initializer_list<std::string_view>> allowed)
    {
        if (!item.node.IsMap()) {
            std::string expected = "expected a map";
            if (allowed)
                expected += " with keys " + joinList(toStrings(*allowed));
            report(item, expected + ", got " + kindOf(item.node));
            return std::nullopt;
        }
        MapView view{item, {}};
        for (auto it = item.node.begin(); it != item.node.end(); ++it) {
            // Copies: the iterator's pair is a temporary proxy.
            const YAML::Node key = it->first;
            const YAML::Node node = it->second;
            if (!key.IsScalar()) {
                report(at(*item.source, key.Mark(), item.path), "a key must be a plain name");
                continue;
            }
            const Item value = child(item, key, node);
            const std::string &name = key.Scalar();
            if (const Item *first = view.find(name)) {
                report(at(*item.source, key.Mark(), value.path),
                       "duplicate key (first set at line " + std::to_string(first->mark.line + 1)
                           + ")");
                continue;
            }
            if (allowed
                && std::find(allowed->begin(), allowed->end(), std::string_view(name))
                       == allowed->end()) {
                const std::vector<std::string> keys = toStrings(*allowed);
                std::string message = "unknown key";
                if (const auto suggestion = closestMatch(name, keys))
                    message += "; did you mean " + inQuotes(*suggestion) + "?";
                else
                    message += "; allowed keys: " + joinList(keys);
                report(at(*item.source, key.Mark(), value.path), message);
                continue;
            }
            view.entries.push_back(Entry{name, key.Mark(), value});
        }
        return view;
    }

    static std::vector<std::string> toStrings(std::initializer_list<std::string_view> list)
    {
        return {list.begin(), list.end()};
    }

    std::optional<std::vector<Item>> sequence(const Item &item, std::string_view expected)
    {
        if (!item.node.IsSequence()) {
            report(item, "expected " + std::string(expected) + ", got " + kindOf(item.node));
            return std::nullopt;
        }
        std::vector<Item> items;
        std::size_t index = 0;
        for (auto it = item.node.begin(); it != item.node.end(); ++it, ++index) {
            const YAML::Node element = *it;
            const YAML::Mark mark
                = validMark(element.Mark()) && !element.IsNull() ? element.Mark() : item.mark;
            items.push_back(Item{item.source, element, mark, indexPath(item.path, index)});
        }
        return items;
    }

    // --- scalars ----------------------------------------------------------------------------

    // The scalar's text after ${NAME} substitution.
    std::optional<std::string> scalar(const Item &item, std::string_view expected)
    {
        if (!item.node.IsScalar()) {
            report(item, "expected " + std::string(expected) + ", got " + kindOf(item.node));
            return std::nullopt;
        }
        return substitute(item, item.node.Scalar());
    }

    std::optional<std::string> substitute(const Item &item, const std::string &raw)
    {
        std::string out;
        bool ok = true;
        std::size_t i = 0;
        while (i < raw.size()) {
            if (raw.compare(i, 3, "$${") == 0) {
                out += "${";
                i += 3;
                continue;
            }
            if (raw.compare(i, 2, "${") != 0) {
                out += raw[i++];
                continue;
            }
            const std::size_t close = raw.find('}', i + 2);
            if (close == std::string::npos) {
                report(item, "unterminated '${' in " + inQuotes(raw)
                                 + " (write '$${' for a literal '${')");
                return std::nullopt;
            }
            const std::string name = raw.substr(i + 2, close - i - 2);
            i = close + 1;
            if (!isVariableName(name)) {
                report(item, inQuotes("${" + name + "}")
                                 + " is not a valid environment variable reference");
                ok = false;
            } else if (isSecretName(name)) {
                report(item, "refusing to substitute ${" + name
                                 + "}: it looks like a credential, and credentials are never "
                                   "written in YAML; Meridian reads them from the environment "
                                   "or the OS keyring itself");
                ok = false;
            } else if (const auto value = m_environment(name)) {
                out += *value;
            } else {
                report(item, "environment variable " + name + " is not set");
                ok = false;
            }
        }
        if (!ok)
            return std::nullopt;
        return out;
    }

    std::optional<double> number(const Item &item, const Range &range, std::string_view what = {})
    {
        const std::string expected
            = "a " + std::string(what.empty() ? "number" : what) + " in " + describe(range);
        const auto text = scalar(item, expected);
        if (!text)
            return std::nullopt;
        const auto value = parseNumber(*text);
        if (!value || !range.contains(*value)) {
            report(item, "expected " + expected + ", got " + inQuotes(*text));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const Item &item)
    {
        const auto text = scalar(item, "true or false");
        if (!text)
            return std::nullopt;
        const auto value = parseBoolean(*text);
        if (!value)
            report(item, "expected true or false, got " + inQuotes(*text));
        return value;
    }

    // Exact decimal, never via double.
    std::optional<Money> money(const Item &item, bool positive)
    {
        const std::string expected = positive ? "a positive number" : "a non-negative number";
        const auto text = scalar(item, expected);
        if (!text)
            return std::nullopt;
        const auto value = Money::parse(*text);
        if (!value) {
            std::string message = "expected " + expected + ", got " + inQuotes(*text);
            // Say why a number-looking text was refused (too many decimals, out of range).
            if (value.error().message() != inQuotes(*text) + " is not a number" && !text->empty())
                message += " (" + value.error().message() + ")";
            report(item, message);
            return std::nullopt;
        }
        if (value->isNegative() || (positive && value->isZero())) {
            report(item, "expected " + expected + ", got " + inQuotes(*text));
            return std::nullopt;
        }
        return *value;
    }

    std::optional<Date> date(const Item &item)
    {
        const auto text = scalar(item, "a date (YYYY-MM-DD)");
        if (!text)
            return std::nullopt;
        const auto value = Date::parse(*text);
        if (!value) {
            report(item, "expected a date (YYYY-MM-DD), got " + inQuotes(*text));
            return std::nullopt;
        }
        return *value;
    }

    template<class E>
    std::optional<E> choice(const Item &item, Choices<E> choices)
    {
        std::vector<std::string> names;
        for (const auto &choice : choices)
            names.emplace_back(choice.first);
        const std::string expected = "one of " + joinList(names);
        const auto text = scalar(item, expected);
        if (!text)
            return std::nullopt;
        for (const auto &choice : choices) {
            if (choice.first == *text)
                return choice.second;
        }
        std::string message = "expected " + expected + ", got " + inQuotes(*text);
        if (const auto suggestion = closestMatch(*text, names))
            message += "; did you mean " + inQuotes(*suggestion) + "?";
        report(item, message);
        return std::nullopt;
    }

    // '~' is the home directory; a relative path is anchored at the directory of the file
    // that names it.
    std::optional<std::string> filePath(const Item &item, const std::string &text)
    {
        std::string path = text;
        if (!path.empty() && path[0] == '~') {
            if (path.size() > 1 && path[1] != '/') {
                report(item, "cannot expand " + inQuotes(path)
                                 + ": only '~' and '~/...' are supported; write the full path");
                return std::nullopt;
            }
            const auto home = m_environment("HOME");
            if (!home || home->empty()) {
                report(item, "cannot expand '~' in " + inQuotes(path) + ": HOME is not set");
                return std::nullopt;
            }
            path = *home + path.substr(1);
        }
        const fs::path p(path);
        if (p.is_relative() && !item.source->directory.empty())
            return (item.source->directory / p).lexically_normal().string();
        return path;
    }

    std::optional<Symbol> symbol(const Item &item)
    {
        const auto text = scalar(item, "a symbol");
        if (!text)
            return std::nullopt;
        const auto parsed = Symbol::parse(*text);
        if (!parsed) {
            report(item, parsed.error().message());
            return std::nullopt;
        }
        return *parsed;
    }

    // A non-empty list of distinct symbols; `items` receives each valid one with its item.
    std::optional<std::vector<std::string>>
    symbolList(const Item &item, std::vector<std::pair<Item, std::string>> &items)
    {
        const auto elements = sequence(item, "a list of symbols, such as [SPY, TLT]");
        if (!elements)
            return std::nullopt;
        if (elements->empty()) {
            report(item, "expected at least one symbol");
            return std::nullopt;
        }
        std::vector<std::string> symbols;
        bool ok = true;
        for (const Item &element : *elements) {
            const auto parsed = symbol(element);
            if (!parsed) {
                ok = false;
                continue;
            }
            const std::string text = parsed->toString();
            if (std::find(symbols.begin(), symbols.end(), text) != symbols.end()) {
                report(element, "duplicate symbol " + inQuotes(text));
                ok = false;
                continue;
            }
            symbols.push_back(text);
            items.emplace_back(element, text);
        }
        if (!ok)
            return std::nullopt;
        return symbols;
    }

    // --- sections ---------------------------------------------------------------------------

    void parseRoot(const Item &root)
    {
        if (root.node.IsNull() || !root.node.IsDefined()) {
            report(root, "the configuration is empty; expected a map with keys "
                             + joinList(toStrings(rootKeys)));
            return;
        }
        const auto view = map(root, rootKeys);
        if (!view)
            return;

        std::optional<RunMode> mode;
        if (const Item *item = view->find("mode")) {
            m_modeItem = *item;
            mode = choice<RunMode>(*item, {{"backtest", RunMode::Backtest},
                                           {"paper", RunMode::Paper},
                                           {"live", RunMode::Live}});
            if (mode)
                m_config.mode = *mode;
        } else {
            report(root, "missing required key 'mode' (backtest, paper or live)");
        }
        // Components default to what the mode needs; explicit contradictions are errors below.
        const bool realtime = mode && *mode != RunMode::Backtest;
        m_config.clock.type
            = realtime ? ClockConfig::Type::Realtime : ClockConfig::Type::Historical;
        m_config.clock.speed = realtime ? 1.0 : 0.0;
        m_config.data.type = realtime ? DataConfig::Type::Realtime : DataConfig::Type::Historical;
        m_config.data.source = realtime ? "alpaca" : "sqlite";

        PartialRiskLimits riskDefaults;
        if (const Item *item = view->find("risk_limits_file"))
            riskDefaults = parseRiskLimitsFile(*item);
        if (const Item *item = view->find("clock"))
            parseClock(*item);
        if (const Item *item = view->find("data"))
            parseData(*item);
        if (const Item *item = view->find("execution"))
            parseExecution(*item);
        if (const Item *item = view->find("strategies"))
            parseStrategies(*item, riskDefaults);
        else
            report(root, "missing required key 'strategies' (a list, or the path of a "
                         "strategies file)");
        if (const Item *item = view->find("features"))
            parseFeatures(*item);
        if (const Item *item = view->find("analytics"))
            parseAnalytics(*item);

        if (mode)
            checkMode(*mode);
        checkSymbols();
    }

    void parseClock(const Item &item)
    {
        const auto view = map(item, clockKeys);
        if (!view)
            return;
        ClockConfig &clock = m_config.clock;
        if (const Item *type = view->find("type")) {
            m_clockType = *type;
            if (const auto value
                = choice<ClockConfig::Type>(*type, {{"historical", ClockConfig::Type::Historical},
                                                    {"realtime", ClockConfig::Type::Realtime}})) {
                clock.type = *value;
                clock.speed = *value == ClockConfig::Type::Realtime ? 1.0 : 0.0;
            }
        }
        const bool historical = clock.type == ClockConfig::Type::Historical;
        const Item *start = view->find("start_date");
        const Item *end = view->find("end_date");
        for (const Item *dateItem : {start, end}) {
            if (dateItem && !historical)
                report(*dateItem, "applies only to a historical clock");
        }
        if (start && historical)
            clock.startDate = date(*start);
        if (end && historical)
            clock.endDate = date(*end);
        if (clock.startDate && clock.endDate && *clock.endDate < *clock.startDate)
            report(*end, "end date " + clock.endDate->toString() + " is before start date "
                             + clock.startDate->toString());
        if (const Item *speed = view->find("speed")) {
            if (const auto value = parseSpeed(*speed)) {
                if (!historical && *value != 1.0)
                    report(*speed,
                           "a realtime clock runs at 1x, got " + inQuotes(speed->node.Scalar()));
                else
                    clock.speed = *value;
            }
        }
        if (const Item *hours = view->find("market_hours_only")) {
            if (const auto value = boolean(*hours))
                clock.marketHoursOnly = *value;
        }
    }

    // "max" = 0 (as fast as possible), "10x" or 10 = ten times real time.
    std::optional<double> parseSpeed(const Item &item)
    {
        const std::string expected = "'max', a pace such as '10x', or a positive number";
        const auto text = scalar(item, expected);
        if (!text)
            return std::nullopt;
        if (*text == "max")
            return 0.0;
        std::string_view digits = *text;
        if (!digits.empty() && (digits.back() == 'x' || digits.back() == 'X'))
            digits.remove_suffix(1);
        const auto value = parseNumber(digits);
        if (!value || *value <= 0) {
            report(item, "expected " + expected + ", got " + inQuotes(*text));
            return std::nullopt;
        }
        return value;
    }

    void parseData(const Item &item)
    {
        const auto view = map(item, dataKeys);
        if (!view)
            return;
        DataConfig &data = m_config.data;
        if (const Item *type = view->find("type")) {
            m_dataType = *type;
            if (const auto value
                = choice<DataConfig::Type>(*type, {{"historical", DataConfig::Type::Historical},
                                                   {"realtime", DataConfig::Type::Realtime}})) {
                data.type = *value;
                data.source = *value == DataConfig::Type::Realtime ? "alpaca" : "sqlite";
            }
        }
        if (const Item *source = view->find("source")) {
            if (const auto value
                = choice<std::string_view>(*source, {{"sqlite", "sqlite"}, {"alpaca", "alpaca"}})) {
                const bool historical = data.type == DataConfig::Type::Historical;
                if (historical && *value != "sqlite")
                    report(*source, "historical data comes from 'sqlite', got " + inQuotes(*value));
                else if (!historical && *value != "alpaca")
                    report(*source, "realtime data comes from 'alpaca', got " + inQuotes(*value));
                else
                    data.source = std::string(*value);
            }
        }
        if (const Item *path = view->find("path")) {
            if (!path->node.IsNull()) {
                if (const auto text = scalar(*path, "a file path")) {
                    if (!text->empty()) {
                        if (const auto resolved = filePath(*path, *text))
                            data.path = *resolved;
                    }
                }
            }
        }
        if (const Item *timeframe = view->find("timeframe")) {
            if (const auto text = scalar(*timeframe, "a bar length such as 1m, 5m, 1h or 1d")) {
                // The bar store's own parser, so that the config accepts exactly what the data
                // layer can serve.
                if (const auto parsed = Timeframe::parse(*text))
                    data.timeframe = parsed->text;
                else
                    report(*timeframe, parsed.error().message());
            }
        }
        if (const Item *symbols = view->find("symbols")) {
            m_dataSymbolsGiven = true;
            std::vector<std::pair<Item, std::string>> items;
            if (const auto list = symbolList(*symbols, items))
                data.symbols = *list;
            else
                m_dataSymbolsValid = false;
        }
        if (const Item *adjustment = view->find("adjustment")) {
            if (const auto value = choice<DataConfig::Adjustment>(
                    *adjustment, {{"raw", DataConfig::Adjustment::Raw},
                                  {"total_return", DataConfig::Adjustment::TotalReturn}}))
                data.adjustment = *value;
        }
        if (const Item *feed = view->find("feed")) {
            if (const auto value = choice<std::string_view>(*feed, {{"iex", "iex"},
                                                                    {"sip", "sip"},
                                                                    {"delayed_sip", "delayed_sip"},
                                                                    {"otc", "otc"},
                                                                    {"boats", "boats"},
                                                                    {"overnight", "overnight"}}))
                data.feed = std::string(*value);
        }
    }

    void parseExecution(const Item &item)
    {
        const auto view = map(item, executionKeys);
        if (!view)
            return;
        ExecutionConfig &execution = m_config.execution;
        if (const Item *type = view->find("type")) {
            m_executionType = *type;
            if (const auto value = choice<ExecutionConfig::Type>(
                    *type, {{"simulated", ExecutionConfig::Type::Simulated},
                            {"broker", ExecutionConfig::Type::Broker}}))
                execution.type = *value;
        }
        if (const Item *broker = view->find("broker")) {
            if (const auto value = choice<std::string_view>(*broker, {{"alpaca", "alpaca"}}))
                execution.broker = std::string(*value);
        }
        if (const Item *endpoint = view->find("endpoint")) {
            m_endpoint = *endpoint;
            if (const auto value
                = choice<std::string_view>(*endpoint, {{"paper", "paper"}, {"live", "live"}}))
                execution.endpoint = std::string(*value);
        }
        if (const Item *fillAt = view->find("fill_at")) {
            if (const auto value = choice<ExecutionConfig::FillAt>(
                    *fillAt, {{"next_open", ExecutionConfig::FillAt::NextOpen},
                              {"close", ExecutionConfig::FillAt::Close}}))
                execution.fillAt = *value;
        }
        if (const Item *slippage = view->find("slippage"))
            parseSlippage(*slippage);
        if (const Item *latency = view->find("latency"))
            parseLatency(*latency);
        if (const Item *commission = view->find("commission"))
            parseCommission(*commission);
        if (const Item *seed = view->find("seed")) {
            const std::string expected = "a non-negative integer";
            if (const auto text = scalar(*seed, expected)) {
                std::uint64_t value = 0;
                const char *end = text->data() + text->size();
                const auto result = std::from_chars(text->data(), end, value);
                if (text->empty() || result.ec != std::errc() || result.ptr != end)
                    report(*seed, "expected " + expected + ", got " + inQuotes(*text));
                else
                    execution.seed = value;
            }
        }
    }

    // A key that only one model reads is an error under another model, rather than being
    // silently ignored.
    bool
    onlyFor(const MapView &view, std::string_view key, bool modelUsesIt, std::string_view models)
    {
        const Item *item = view.find(key);
        if (item && !modelUsesIt) {
            report(*item, "applies only to model " + std::string(models));
            return false;
        }
        return item != nullptr;
    }

    void requireFor(const MapView &view, std::string_view key, std::string_view model)
    {
        if (!view.find(key))
            report(view.self, "model '" + std::string(model) + "' needs " + std::string(key));
    }

    void parseSlippage(const Item &item)
    {
        const auto view = map(item, slippageKeys);
        if (!view)
            return;
        SlippageConfig &slippage = m_config.execution.slippage;
        const Item *model = view->find("model");
        if (!model) {
            report(item, "missing required key 'model' (none, fixed or volume_based)");
            return;
        }
        const auto value = choice<SlippageConfig::Model>(
            *model, {{"none", SlippageConfig::Model::None},
                     {"fixed", SlippageConfig::Model::Fixed},
                     {"volume_based", SlippageConfig::Model::VolumeBased}});
        if (!value)
            return;
        slippage.model = *value;
        const bool fixed = *value == SlippageConfig::Model::Fixed;
        const bool volume = *value == SlippageConfig::Model::VolumeBased;
        const Range bpsRange{0, false, 1000, false};
        if (onlyFor(*view, "bps", fixed, "'fixed'"))
            slippage.bps = number(*view->find("bps"), bpsRange).value_or(0);
        if (onlyFor(*view, "base_bps", volume, "'volume_based'"))
            slippage.baseBps = number(*view->find("base_bps"), bpsRange).value_or(0);
        if (onlyFor(*view, "volume_factor", volume, "'volume_based'"))
            slippage.volumeFactor
                = number(*view->find("volume_factor"), Range{0, false, 100, false}).value_or(0);
        if (fixed)
            requireFor(*view, "bps", "fixed");
        if (volume) {
            requireFor(*view, "base_bps", "volume_based");
            requireFor(*view, "volume_factor", "volume_based");
        }
    }

    void parseLatency(const Item &item)
    {
        const auto view = map(item, latencyKeys);
        if (!view)
            return;
        const Range msRange{0, false, 60'000, false};
        if (const Item *mean = view->find("mean_ms"))
            m_config.execution.latency.meanMs = number(*mean, msRange).value_or(0);
        if (const Item *stdMs = view->find("std_ms"))
            m_config.execution.latency.stdMs = number(*stdMs, msRange).value_or(0);
    }

    void parseCommission(const Item &item)
    {
        const auto view = map(item, commissionKeys);
        if (!view)
            return;
        CommissionConfig &commission = m_config.execution.commission;
        const Item *model = view->find("model");
        if (!model) {
            report(item, "missing required key 'model' (none, per_share, per_order or percent)");
            return;
        }
        const auto value = choice<CommissionConfig::Model>(
            *model, {{"none", CommissionConfig::Model::None},
                     {"per_share", CommissionConfig::Model::PerShare},
                     {"per_order", CommissionConfig::Model::PerOrder},
                     {"percent", CommissionConfig::Model::Percent},
                     // Alpaca charges no commission on US equities.
                     {"alpaca", CommissionConfig::Model::None}});
        if (!value)
            return;
        commission.model = *value;
        const bool perShare = *value == CommissionConfig::Model::PerShare;
        const bool perOrder = *value == CommissionConfig::Model::PerOrder;
        const bool percent = *value == CommissionConfig::Model::Percent;
        if (onlyFor(*view, "per_share", perShare, "'per_share'"))
            commission.perShare = money(*view->find("per_share"), false).value_or(Money());
        if (onlyFor(*view, "per_order", perOrder, "'per_order'"))
            commission.perOrder = money(*view->find("per_order"), false).value_or(Money());
        if (onlyFor(*view, "percent", percent, "'percent'"))
            commission.percent = number(*view->find("percent"), Range{0, false, 0.05, false},
                                        "fraction of notional (0.001 = 0.1%)")
                                     .value_or(0);
        if (onlyFor(*view, "min_per_order", perShare || percent, "'per_share' or 'percent'"))
            commission.minPerOrder = money(*view->find("min_per_order"), false).value_or(Money());
        if (onlyFor(*view, "max_percent", perShare, "'per_share'"))
            commission.maxPercent = number(*view->find("max_percent"), Range{0, true, 1, false},
                                           "fraction of notional");
        if (perShare)
            requireFor(*view, "per_share", "per_share");
        if (perOrder)
            requireFor(*view, "per_order", "per_order");
        if (percent)
            requireFor(*view, "percent", "percent");
    }

    void parseFeatures(const Item &item)
    {
        const auto view = map(item, featuresKeys);
        if (!view)
            return;
        if (const Item *cache = view->find("cache"))
            m_config.features.cache = boolean(*cache).value_or(true);
        if (const Item *onDemand = view->find("compute_on_demand"))
            m_config.features.computeOnDemand = boolean(*onDemand).value_or(true);
    }

    void parseAnalytics(const Item &item)
    {
        const auto view = map(item, analyticsKeys);
        if (!view)
            return;
        if (const Item *rate = view->find("risk_free_rate"))
            m_config.analytics.riskFreeRate
                = number(*rate, Range{-1, false, 1, false}, "annual rate as a fraction (0.02 = 2%)")
                      .value_or(0);
    }

    PartialRiskLimits parseRiskLimits(const Item &item)
    {
        PartialRiskLimits limits;
        const auto view = map(item, riskLimitKeys);
        if (!view)
            return limits;
        if (const Item *size = view->find("max_position_size"))
            limits.maxPositionSize = number(*size, positionSizeRange);
        if (const Item *leverage = view->find("max_leverage"))
            limits.maxLeverage = number(*leverage, leverageRange);
        if (const Item *loss = view->find("max_daily_loss"))
            limits.maxDailyLoss = number(*loss, dailyLossRange);
        return limits;
    }

    // Opens a file named by `item` (a path relative to the file that names it) and parses its
    // single document; `what` names the kind of file in errors.
    std::optional<Item> include(const Item &item, std::string_view what)
    {
        const auto text = scalar(item, "the path of a " + std::string(what));
        if (!text)
            return std::nullopt;
        if (text->empty()) {
            report(item, "expected the path of a " + std::string(what) + ", got ''");
            return std::nullopt;
        }
        const auto path = filePath(item, *text);
        if (!path)
            return std::nullopt;
        std::string contents;
        if (const auto error = readFile(*path, contents)) {
            report(item,
                   "cannot open " + std::string(what) + " " + inQuotes(*path) + ": " + *error);
            return std::nullopt;
        }
        const Source &source = addSource(*path);
        auto root = parseDocument(source, contents);
        if (root && (root->node.IsNull() || !root->node.IsDefined())) {
            report(*root, "the " + std::string(what) + " is empty");
            return std::nullopt;
        }
        return root;
    }

    PartialRiskLimits parseRiskLimitsFile(const Item &item)
    {
        const auto root = include(item, "risk limits file");
        if (!root)
            return {};
        const auto view = map(*root, {{"defaults"}});
        if (!view)
            return {};
        if (const Item *defaults = view->find("defaults"))
            return parseRiskLimits(*defaults);
        report(*root, "missing required key 'defaults'");
        return {};
    }

    void parseStrategies(const Item &item, const PartialRiskLimits &riskDefaults)
    {
        Item list = item;
        if (item.node.IsScalar()) {
            const auto root = include(item, "strategies file");
            if (!root)
                return;
            const auto view = map(*root, {{"strategies"}});
            if (!view)
                return;
            const Item *inner = view->find("strategies");
            if (!inner) {
                report(*root, "missing required key 'strategies'");
                return;
            }
            list = *inner;
        }
        const auto elements = sequence(list, "a list of strategies, or the path of a strategies "
                                             "file");
        if (!elements)
            return;
        if (elements->empty()) {
            report(list, "expected at least one strategy");
            return;
        }
        for (const Item &element : *elements)
            parseStrategy(element, riskDefaults);
    }

    void parseStrategy(const Item &item, const PartialRiskLimits &riskDefaults)
    {
        const auto view = map(item, strategyKeys);
        if (!view)
            return;
        StrategyConfig strategy;
        StrategyItems items;

        const Item *name = view->find("name");
        if (!name)
            report(item, "missing required key 'name'");
        else if (const auto text = scalar(*name, "a strategy name")) {
            if (!isInstanceName(*text))
                report(*name, "expected a name of letters, digits, '_', '.' and '-', got "
                                  + inQuotes(*text));
            else {
                strategy.name = *text;
                items.name = *name;
            }
        }

        const Item *registered = view->find("strategy");
        const Item *classItem = registered ? registered : (items.name ? name : nullptr);
        const StrategyInfo *info = nullptr;
        if (registered) {
            if (const auto text = scalar(*registered, "a registered strategy name"))
                strategy.strategy = *text;
            else
                classItem = nullptr;
        } else {
            strategy.strategy = strategy.name;
        }
        if (classItem) {
            info = m_registry.find(strategy.strategy);
            if (!info)
                report(*classItem, unknownStrategy(strategy.strategy));
        }

        if (const Item *enabled = view->find("enabled"))
            strategy.enabled = boolean(*enabled).value_or(true);

        if (const Item *capital = view->find("capital")) {
            if (const auto value = money(*capital, true))
                strategy.capital = *value;
        } else {
            report(item, "missing required key 'capital'");
        }

        if (const Item *symbols = view->find("symbols")) {
            if (const auto list = symbolList(*symbols, items.symbols))
                strategy.symbols = *list;
        } else {
            report(item, "missing required key 'symbols'");
        }

        if (info)
            strategy.params = Parameters::defaults(info->schema);
        if (const Item *params = view->find("params"))
            parseParams(*params, info, strategy.params);

        PartialRiskLimits limits;
        if (const Item *risk = view->find("risk_limits"))
            limits = parseRiskLimits(*risk);
        strategy.riskLimits.maxPositionSize = limits.maxPositionSize.value_or(
            riskDefaults.maxPositionSize.value_or(strategy.riskLimits.maxPositionSize));
        strategy.riskLimits.maxLeverage = limits.maxLeverage.value_or(
            riskDefaults.maxLeverage.value_or(strategy.riskLimits.maxLeverage));
        strategy.riskLimits.maxDailyLoss
            = limits.maxDailyLoss ? limits.maxDailyLoss : riskDefaults.maxDailyLoss;

        if (items.name) {
            for (std::size_t i = 0; i < m_config.strategies.size(); ++i) {
                if (m_config.strategies[i].name == strategy.name)
                    report(*items.name, "duplicate strategy name " + inQuotes(strategy.name)
                                            + " (also strategies[" + std::to_string(i)
                                            + "]); give each instance its own name and set "
                                              "'strategy' to the registered class");
            }
        }
        m_config.strategies.push_back(std::move(strategy));
        m_strategyItems.push_back(std::move(items));
    }

    std::string unknownStrategy(const std::string &name) const
    {
        const std::vector<std::string> names = m_registry.names();
        std::string message = "unknown strategy " + inQuotes(name);
        if (const auto suggestion = closestMatch(name, names))
            return message + "; did you mean " + inQuotes(*suggestion) + "?";
        if (names.empty())
            return message + "; no strategies are registered";
        return message + "; registered strategies: " + joinList(names);
    }

    void parseParams(const Item &item, const StrategyInfo *info, Parameters &params)
    {
        const auto view = map(item, std::nullopt);
        if (!view)
            return;
        std::vector<std::string> names;
        if (info) {
            for (const ParamSpec &spec : info->schema.specs())
                names.push_back(spec.name);
        }
        for (const Entry &entry : view->entries) {
            if (!info) {
                // The strategy is unknown (already reported): check only the values' shape.
                scalar(entry.value, "a parameter value");
                continue;
            }
            const ParamSpec *spec = info->schema.find(entry.key);
            if (!spec) {
                std::string message = "unknown parameter of " + inQuotes(info->name);
                if (const auto suggestion = closestMatch(entry.key, names))
                    message += "; did you mean " + inQuotes(*suggestion) + "?";
                else if (names.empty())
                    message += "; it takes no parameters";
                else
                    message += "; its parameters are " + joinList(names);
                report(at(*item.source, entry.keyMark, entry.value.path), message);
                continue;
            }
            const auto text = scalar(entry.value, "a " + std::string(toString(spec->type)));
            if (!text)
                continue;
            const auto checked = info->schema.check(*spec, paramValue(*spec, *text));
            if (!checked) {
                report(entry.value, checked.error().message());
                continue;
            }
            params.set(spec->name, *checked);
        }
    }

    // The YAML text as the schema type expects it; text that does not convert is passed on as
    // text so that ParameterSchema::check names what it got.
    static ParamValue paramValue(const ParamSpec &spec, const std::string &text)
    {
        switch (spec.type) {
        case ParamType::Integer:
        case ParamType::Number:
            if (const auto i = parseInteger(text))
                return *i;
            if (const auto d = parseNumber(text)) {
                // "1e3" or "10.0" for an integer parameter: accept when the value is whole.
                if (spec.type == ParamType::Integer && std::trunc(*d) == *d
                    && std::fabs(*d) < 9.0e15)
                    return static_cast<std::int64_t>(*d);
                return *d;
            }
            return text;
        case ParamType::Boolean:
            if (const auto b = parseBoolean(text))
                return *b;
            return text;
        case ParamType::Text:
            return text;
        }
        return text;
    }

    // --- whole-configuration checks ---------------------------------------------------------

    void checkMode(RunMode mode)
    {
        const std::string modeText = inQuotes(toString(mode));
        const Item &modeItem = *m_modeItem;
        const bool wantHistorical = mode == RunMode::Backtest;
        const auto typeText = [](const std::optional<Item> &item) {
            return inQuotes(item->node.Scalar());
        };
        if (m_clockType && (m_config.clock.type == ClockConfig::Type::Historical) != wantHistorical)
            report(*m_clockType, "mode " + modeText + " needs a "
                                     + (wantHistorical ? "historical" : "realtime") + " clock, got "
                                     + typeText(m_clockType));
        if (m_dataType && (m_config.data.type == DataConfig::Type::Historical) != wantHistorical)
            report(*m_dataType, "mode " + modeText + " needs "
                                    + (wantHistorical ? "historical" : "realtime") + " data, got "
                                    + typeText(m_dataType));

        const ExecutionConfig &execution = m_config.execution;
        const bool broker = execution.type == ExecutionConfig::Type::Broker;
        switch (mode) {
        case RunMode::Backtest:
            if (broker && m_executionType)
                report(*m_executionType, "mode 'backtest' needs simulated execution, got "
                                             + typeText(m_executionType));
            break;
        case RunMode::Paper:
            if (broker && execution.endpoint == "live" && m_endpoint)
                report(*m_endpoint, "mode 'paper' never sends orders to the live endpoint; use "
                                    "endpoint 'paper', or mode 'live' for real money");
            break;
        case RunMode::Live:
            if (!broker) {
                if (m_executionType)
                    report(*m_executionType, "mode 'live' needs execution type 'broker', got "
                                                 + typeText(m_executionType));
                else
                    report(named(modeItem, "execution.type"),
                           "mode 'live' needs execution type 'broker' (the default is "
                           "'simulated')");
            } else if (execution.endpoint != "live") {
                if (m_endpoint)
                    report(*m_endpoint,
                           "mode 'live' needs endpoint 'live', got " + typeText(m_endpoint));
                else
                    report(named(*m_executionType, "execution.endpoint"),
                           "mode 'live' needs endpoint 'live' (the default is 'paper')");
            }
            break;
        }
    }

    void checkSymbols()
    {
        DataConfig &data = m_config.data;
        if (!m_dataSymbolsGiven) {
            for (const StrategyConfig &strategy : m_config.strategies) {
                for (const std::string &symbol : strategy.symbols) {
                    if (std::find(data.symbols.begin(), data.symbols.end(), symbol)
                        == data.symbols.end())
                        data.symbols.push_back(symbol);
                }
            }
            return;
        }
        if (!m_dataSymbolsValid)
            return;
        for (const StrategyItems &items : m_strategyItems) {
            for (const auto &[item, symbol] : items.symbols) {
                if (std::find(data.symbols.begin(), data.symbols.end(), symbol)
                    == data.symbols.end())
                    report(item, inQuotes(symbol) + " is not in data.symbols ("
                                     + joinList(data.symbols) + ")");
            }
        }
    }

    const StrategyRegistry &m_registry;
    const ConfigLoader::EnvironmentLookup &m_environment;
    EngineConfig m_config;
    std::deque<Source> m_sources; // stable addresses: Items point at their Source
    std::vector<Diagnostic> m_diagnostics;

    // Explicitly written items the whole-configuration checks point at.
    std::optional<Item> m_modeItem;
    std::optional<Item> m_clockType;
    std::optional<Item> m_dataType;
    std::optional<Item> m_executionType;
    std::optional<Item> m_endpoint;
    bool m_dataSymbolsGiven = false;
    bool m_dataSymbolsValid = true;
    std::vector<StrategyItems> m_strategyItems;
};

std::optional<std::string> processEnvironment(const std::string &name)
{
    // Reading only; the configuration never writes the environment.
    if (const char *value = std::getenv(name.c_str())) // NOLINT(concurrency-mt-unsafe)
        return std::string(value);
    return std::nullopt;
}

} // namespace

ConfigLoader::ConfigLoader(const StrategyRegistry &registry)
    : ConfigLoader(registry, processEnvironment)
{}

ConfigLoader::ConfigLoader(const StrategyRegistry &registry, EnvironmentLookup environment)
    : m_registry(registry)
    , m_environment(std::move(environment))
{}

Result<EngineConfig> ConfigLoader::loadFile(const std::string &path) const
{
    try {
        return Builder(m_registry, m_environment).buildFile(path);
    } catch (const std::exception &e) {
        return Error(path + ": cannot read the configuration: " + e.what());
    }
}

Result<EngineConfig> ConfigLoader::loadText(std::string_view yaml,
                                            const std::string &displayName) const
{
    try {
        return Builder(m_registry, m_environment).build(yaml, displayName);
    } catch (const std::exception &e) {
        return Error(displayName + ": cannot read the configuration: " + e.what());
    }
}

} // namespace meridian::engine
