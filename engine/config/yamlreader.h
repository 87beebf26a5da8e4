#pragma once

// The config loader's YAML reading (see configloader.h): source files and positions, collected
// diagnostics, maps, lists and typed scalars with ${NAME} substitution. Internal to the loader.

#include "engine/config/configloader.h"
#include "engine/config/suggestion.h"
#include "engine/core/civiltime.h"
#include "engine/core/money.h"
#include "engine/core/symbol.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meridian::engine::detail {

// One file the configuration is read from. `order` sorts diagnostics: the main file first, then
// included files in the order they were opened.
struct Source
{
    std::string name;                // as printed in errors
    std::filesystem::path directory; // anchors relative paths written in this file
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

template<class E>
using Choices = std::initializer_list<std::pair<std::string_view, E>>;

std::string inQuotes(std::string_view text);
std::string joinList(const std::vector<std::string> &items, std::string_view separator = ", ");

std::optional<double> parseNumber(std::string_view text);
std::optional<std::int64_t> parseInteger(std::string_view text);
std::optional<bool> parseBoolean(std::string_view text);

// Reads YAML items into values, reporting every problem it finds. A section reader derives from
// it; the report is taken at the end with errorText().
class YamlReader
{
protected:
    explicit YamlReader(const ConfigLoader::EnvironmentLookup &environment)
        : m_environment(environment)
    {}

    // --- sources and diagnostics -----------------------------------------------------------

    const Source &addSource(const std::string &name);
    // The names of the sources, in the order they were added.
    std::vector<std::string> sourceNames() const;

    // Returns the system's description of the failure ("No such file or directory").
    static std::optional<std::string> readFile(const std::string &path, std::string &text);

    // A place to report at that is not a value: a key, a syntax error, a document.
    static Item at(const Source &source, const YAML::Mark &mark, std::string path);

    // `where`'s position, naming another key path (a key that is absent, or implied by a
    // default).
    static Item named(Item where, std::string path);

    void report(const Item &where, const std::string &message);

    // Every reported problem, one per line, sorted by source and position; nullopt when there
    // is none.
    std::optional<std::string> errorText();

    // --- YAML structure ---------------------------------------------------------------------

    std::optional<Item> parseDocument(const Source &source, std::string_view text);

    // Opens a file named by `item` (a path relative to the file that names it) and parses its
    // single document; `what` names the kind of file in errors.
    std::optional<Item> include(const Item &item, std::string_view what);

    // Checks that `item` is a map with scalar, unique keys; with `allowed`, every key must be
    // in it (an unknown key gets a did-you-mean).
    std::optional<MapView> map(const Item &item,
                               std::optional<std::initializer_list<std::string_view>> allowed);

    static std::vector<std::string> toStrings(std::initializer_list<std::string_view> list);

    std::optional<std::vector<Item>> sequence(const Item &item, std::string_view expected);

    // --- scalars ----------------------------------------------------------------------------

    // The scalar's text after ${NAME} substitution.
    std::optional<std::string> scalar(const Item &item, std::string_view expected);

    std::optional<double> number(const Item &item, const Range &range, std::string_view what = {});

    std::optional<bool> boolean(const Item &item);

    // Exact decimal, never via double.
    std::optional<Money> money(const Item &item, bool positive);

    std::optional<Date> date(const Item &item);

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
    std::optional<std::string> filePath(const Item &item, const std::string &text);

    std::optional<Symbol> symbol(const Item &item);

    // A non-empty list of distinct symbols; `items` receives each valid one with its item.
    std::optional<std::vector<std::string>>
    symbolList(const Item &item, std::vector<std::pair<Item, std::string>> &items);

private:
    Item child(const Item &parent, const YAML::Node &key, const YAML::Node &value);
    std::optional<std::string> substitute(const Item &item, const std::string &raw);

    const ConfigLoader::EnvironmentLookup &m_environment;
    std::deque<Source> m_sources; // stable addresses: Items point at their Source
    std::vector<Diagnostic> m_diagnostics;
};

} // namespace meridian::engine::detail
