namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright through its executable path: no browser is ever downloaded. The flags keep it
/// from reaching for the network, which this machine does not have, and let it run as root.
/// One Chromium (and one Playwright driver) serves the whole test run: launching them cost each browser test class about
/// as much as its tests (docs/DEVELOPING.md, "Keeping the suite fast"). Every class or test takes a
/// <see cref="ChromiumLease"/>, whose browser contexts are its own (own cookies, storage and viewport), as a browser of
/// its own would be; disposing the lease closes them and leaves the browser to the others.
/// </summary>
public static class Chromium
{
    /// <summary>
    /// Debian's headless shell of the same Chromium (package chromium-headless-shell, the "old headless" build Playwright itself
    /// runs headless tests in) when installed, else the whole browser. The full browser's headless mode cost a third more CPU
    /// on the axe sweeps (129 s against 85 s), and Chromium was about a third of the whole suite's CPU (docs/DEVELOPING.md,
    /// "Keeping the suite fast").
    /// </summary>
    public static readonly string ExecutablePath =
        File.Exists("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell" : "/usr/bin/chromium";

    /// <summary>A Vietnamese citizen's browser (<c>Accept-Language: vi-VN,vi</c>), as the pages' own language is: headless Chromium
    /// would otherwise ask for en-US, and citizen pages follow the browser's language. A test that wants English opens
    /// <c>?lang=en</c> or gives its context <c>Locale = "en-US"</c>.</summary>
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--lang=vi-VN", "--accept-lang=vi-VN,vi"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    /// <summary>A lease on the run's Chromium, started on first use (and again if it has died, so one crash fails one test).</summary>
    public static async Task<ChromiumLease> LeaseAsync() => new(await BrowserAsync());

    /// <summary>
    /// Kept for tests written before the browser was shared: the same as <see cref="LeaseAsync"/> (the driver passed in is not
    /// used). New tests call <see cref="LeaseAsync"/> and start no Playwright driver of their own.
    /// </summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) => await LeaseAsync();

    private static async Task<IBrowser> BrowserAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            if (_playwright is null)
            {
                _playwright = await Playwright.CreateAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            }
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath, Headless = true, Args = Args,
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>At the end of the run: close Chromium and end the driver, bounded so a hung browser cannot hold the test host.</summary>
    private static void Stop()
    {
        try
        {
            _browser?.CloseAsync().Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Already gone; the driver's exit below ends whatever is left of it.
        }
        _playwright?.Dispose();
    }
}

/// <summary>
/// One class's or test's share of the run's Chromium: the <see cref="IBrowser"/> it would have launched, except that closing
/// or disposing it closes only the contexts (and pages) opened through it.
/// </summary>
public sealed class ChromiumLease(IBrowser browser) : IBrowser
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly Lock _sync = new();

    public event EventHandler<IBrowserContext>? Context
    {
        add => browser.Context += value;
        remove => browser.Context -= value;
    }

    public event EventHandler<IBrowser>? Disconnected
    {
        add => browser.Disconnected += value;
        remove => browser.Disconnected -= value;
    }

    public IBrowserType BrowserType => browser.BrowserType;

    /// <summary>This lease's open contexts only: another class's are not its business.</summary>
    public IReadOnlyList<IBrowserContext> Contexts
    {
        get
        {
            lock (_sync) return _contexts.Where(c => browser.Contexts.Contains(c)).ToList();
        }
    }

    public bool IsConnected => browser.IsConnected;

    public string Version => browser.Version;

    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null) =>
        Track(await browser.NewContextAsync(options));

    public async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        var page = await browser.NewPageAsync(options);
        Track(page.Context);
        return page;
    }

    public Task<ICDPSession> NewBrowserCDPSessionAsync() => browser.NewBrowserCDPSessionAsync();

    public Task<BrowserBindResult> BindAsync(string title, BrowserBindOptions? options = null) => browser.BindAsync(title, options);

    public Task UnbindAsync() => browser.UnbindAsync();

    public async Task CloseAsync(BrowserCloseOptions? options = null)
    {
        IBrowserContext[] contexts;
        lock (_sync)
        {
            contexts = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync(new BrowserContextCloseOptions { Reason = options?.Reason });
            }
            catch (PlaywrightException) when (!browser.IsConnected)
            {
                // The browser died with the context; the next lease starts a new one.
            }
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private IBrowserContext Track(IBrowserContext context)
    {
        lock (_sync) _contexts.Add(context);
        return context;
    }
}
