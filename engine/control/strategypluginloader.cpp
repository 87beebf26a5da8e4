#include "engine/control/strategypluginloader.h"

#include <algorithm>
#include <dlfcn.h>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

namespace meridian::engine {

namespace {

// One dlopen handle; closed when the last strategy or factory made from it is gone.
class PluginLibrary
{
public:
    explicit PluginLibrary(void *handle)
        : m_handle(handle)
    {}
    ~PluginLibrary() { dlclose(m_handle); }
    PluginLibrary(const PluginLibrary &) = delete;
    PluginLibrary &operator=(const PluginLibrary &) = delete;

    void *symbol(const char *name) const { return dlsym(m_handle, name); }

private:
    void *m_handle;
};

// A strategy made by a plugin. Its code (vtable included) lives in the library, so the library
// must outlive it: members are destroyed in reverse order, the strategy before the library.
class PluginStrategy final : public Strategy
{
public:
    PluginStrategy(std::shared_ptr<const PluginLibrary> library, std::unique_ptr<Strategy> inner)
        : m_library(std::move(library))
        , m_inner(std::move(inner))
    {}

    void onStart(Context &ctx) override { m_inner->onStart(ctx); }
    void onMarketEvent(Context &ctx, const Event &event) override
    {
        m_inner->onMarketEvent(ctx, event);
    }
    void generateOrders(Context &ctx, OrderList &orders) override
    {
        m_inner->generateOrders(ctx, orders);
    }
    void onOrderUpdate(Context &ctx, const Event &event) override
    {
        m_inner->onOrderUpdate(ctx, event);
    }
    void onStop(Context &ctx) override { m_inner->onStop(ctx); }

private:
    std::shared_ptr<const PluginLibrary> m_library;
    std::unique_ptr<Strategy> m_inner;
};

// The factory registered for a plugin strategy: the plugin's own std::function (whose manager
// is plugin code) is destroyed before the library reference it sits next to.
struct PluginFactory
{
    std::shared_ptr<const PluginLibrary> library;
    std::function<std::unique_ptr<Strategy>(const Parameters &)> create;

    std::unique_ptr<Strategy> operator()(const Parameters &parameters) const
    {
        std::unique_ptr<Strategy> strategy = create(parameters);
        if (!strategy)
            return nullptr;
        return std::make_unique<PluginStrategy>(library, std::move(strategy));
    }
};

std::string dlerrorText()
{
    const char *text = dlerror(); // NOLINT(concurrency-mt-unsafe): glibc keeps it per thread
    return text != nullptr ? text : "unknown error";
}

} // namespace

Result<std::vector<std::string>> loadStrategyPlugin(const std::string &path,
                                                    StrategyRegistry &registry)
{
    const std::string what = "plugin " + path;
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (!std::filesystem::exists(status))
        return Error(what + " does not exist");
    if (std::filesystem::is_directory(status))
        return Error(what + " is a folder, not a shared library");

    // A name without a slash would make dlopen search the library path instead.
    const std::string absolute = std::filesystem::absolute(path, error).string();
    dlerror(); // NOLINT(concurrency-mt-unsafe): clears this thread's pending error
    void *handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr)
        return Error(what + " is not a loadable shared library: " + dlerrorText());
    const auto library = std::make_shared<const PluginLibrary>(handle);
    const auto missing = [&what](const char *symbol) {
        return Error(what + " does not export " + symbol + " (declare it extern \"C\")");
    };

    const auto version = reinterpret_cast<MeridianStrategyApiVersionFn>(
        library->symbol(MERIDIAN_PLUGIN_API_VERSION_SYMBOL));
    if (version == nullptr)
        return missing(MERIDIAN_PLUGIN_API_VERSION_SYMBOL);
    const int pluginVersion = version();
    if (pluginVersion != strategyApiVersion)
        return Error(what + " was built for strategy API " + std::to_string(pluginVersion)
                     + ", this Meridian has " + std::to_string(strategyApiVersion));
    const auto registerStrategies = reinterpret_cast<MeridianRegisterStrategiesFn>(
        library->symbol(MERIDIAN_PLUGIN_REGISTER_SYMBOL));
    if (registerStrategies == nullptr)
        return missing(MERIDIAN_PLUGIN_REGISTER_SYMBOL);

    // Staged: destroyed (with the plugin's std::functions in it) before `library`, declared
    // earlier, can close the handle.
    StrategyRegistry staging;
    try {
        registerStrategies(staging);
    } catch (const std::exception &exception) {
        return Error(what + " failed while registering its strategies: " + exception.what());
    } catch (...) {
        return Error(what + " failed while registering its strategies: unknown exception");
    }
    if (staging.all().empty())
        return Error(what + " registered no strategies");

    StrategyRegistry updated = registry;
    std::vector<std::string> names;
    for (const StrategyInfo &staged : staging.all()) {
        StrategyInfo info = staged;
        info.origin = path;
        info.create = PluginFactory{library, staged.create};
        const Result<void> added = updated.add(std::move(info));
        if (!added)
            return Error(what + ": " + added.error().message());
        names.push_back(staged.name);
    }
    registry = std::move(updated);
    return names;
}

Result<std::vector<std::string>> loadStrategyPluginFolder(const std::string &dir,
                                                          StrategyRegistry &registry)
{
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(dir, error);
    if (!std::filesystem::exists(status))
        return Error("plugin folder " + dir + " does not exist");
    if (!std::filesystem::is_directory(status))
        return Error("plugin folder " + dir + " is not a folder");

    std::vector<std::filesystem::path> libraries;
    std::filesystem::directory_iterator it(dir, error);
    if (error)
        return Error("cannot list plugin folder " + dir + ": " + error.message());
    for (const std::filesystem::directory_entry &entry : it) {
        std::error_code entryError;
        if (entry.path().extension() == ".so" && !entry.is_directory(entryError))
            libraries.push_back(entry.path());
    }
    std::sort(libraries.begin(), libraries.end());

    StrategyRegistry updated = registry;
    std::vector<std::string> names;
    std::string failures;
    for (const std::filesystem::path &library : libraries) {
        const Result<std::vector<std::string>> added
            = loadStrategyPlugin(library.string(), updated);
        if (!added) {
            failures += (failures.empty() ? "" : "\n") + added.error().message();
            continue;
        }
        names.insert(names.end(), added->begin(), added->end());
    }
    if (!failures.empty())
        return Error(failures);
    registry = std::move(updated);
    return names;
}

} // namespace meridian::engine
