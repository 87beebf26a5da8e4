#include "engine/config/yamlreader.h"

#include "engine/core/result.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

namespace meridian::engine::detail {

namespace {

namespace fs = std::filesystem;

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

std::string joinPath(const std::string &path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string indexPath(const std::string &path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
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

struct DocumentScan
{
    std::vector<YAML::Mark> starts; // of the first two documents at most
    bool stuck = false;             // the parser made no progress into a second document
};

DocumentScan scanDocuments(const std::string &document)
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

} // namespace

std::string inQuotes(std::string_view text)
{
    return quoted(text);
}

std::string joinList(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (const std::string &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
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

const Source &YamlReader::addSource(const std::string &name)
{
    m_sources.push_back(
        Source{name, fs::path(name).parent_path(), static_cast<int>(m_sources.size())});
    return m_sources.back();
}

std::vector<std::string> YamlReader::sourceNames() const
{
    std::vector<std::string> names;
    for (const Source &source : m_sources)
        names.push_back(source.name);
    return names;
}

std::optional<std::string> YamlReader::readFile(const std::string &path, std::string &text)
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

Item YamlReader::at(const Source &source, const YAML::Mark &mark, std::string path)
{
    return Item{&source, YAML::Node(), mark, std::move(path)};
}

Item YamlReader::named(Item where, std::string path)
{
    where.path = std::move(path);
    return where;
}

void YamlReader::report(const Item &where, const std::string &message)
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

std::optional<std::string> YamlReader::errorText()
{
    if (m_diagnostics.empty())
        return std::nullopt;
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
    return message;
}

std::optional<Item> YamlReader::parseDocument(const Source &source, std::string_view text)
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

std::optional<Item> YamlReader::include(const Item &item, std::string_view what)
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
        report(item, "cannot open " + std::string(what) + " " + inQuotes(*path) + ": " + *error);
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

Item YamlReader::child(const Item &parent, const YAML::Node &key, const YAML::Node &value)
{
    const YAML::Mark mark = value.IsNull() || !validMark(value.Mark()) ? key.Mark() : value.Mark();
    return Item{parent.source, value, mark, joinPath(parent.path, key.Scalar())};
}

std::optional<MapView>
YamlReader::map(const Item &item, std::optional<std::initializer_list<std::string_view>> allowed)
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

std::vector<std::string> YamlReader::toStrings(std::initializer_list<std::string_view> list)
{
    return {list.begin(), list.end()};
}

std::optional<std::vector<Item>> YamlReader::sequence(const Item &item, std::string_view expected)
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

std::optional<std::string> YamlReader::scalar(const Item &item, std::string_view expected)
{
    if (!item.node.IsScalar()) {
        report(item, "expected " + std::string(expected) + ", got " + kindOf(item.node));
        return std::nullopt;
    }
    return substitute(item, item.node.Scalar());
}

std::optional<std::string> YamlReader::substitute(const Item &item, const std::string &raw)
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
            report(item,
                   "unterminated '${' in " + inQuotes(raw) + " (write '$${' for a literal '${')");
            return std::nullopt;
        }
        const std::string name = raw.substr(i + 2, close - i - 2);
        i = close + 1;
        if (!isVariableName(name)) {
            report(item,
                   inQuotes("${" + name + "}") + " is not a valid environment variable reference");
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

std::optional<double>
YamlReader::number(const Item &item, const Range &range, std::string_view what)
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

std::optional<bool> YamlReader::boolean(const Item &item)
{
    const auto text = scalar(item, "true or false");
    if (!text)
        return std::nullopt;
    const auto value = parseBoolean(*text);
    if (!value)
        report(item, "expected true or false, got " + inQuotes(*text));
    return value;
}

std::optional<Money> YamlReader::money(const Item &item, bool positive)
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

std::optional<Date> YamlReader::date(const Item &item)
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

std::optional<std::string> YamlReader::filePath(const Item &item, const std::string &text)
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

std::optional<Symbol> YamlReader::symbol(const Item &item)
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

std::optional<std::vector<std::string>>
YamlReader::symbolList(const Item &item, std::vector<std::pair<Item, std::string>> &items)
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

} // namespace meridian::engine::detail
