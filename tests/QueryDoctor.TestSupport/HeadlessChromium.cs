using Microsoft.Playwright;

namespace QueryDoctor.TestSupport;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>), headless, driven by Playwright. Playwright's own
/// browser download is never used: CI installs the system package (<c>.ci/run</c>) and this launcher
/// points Playwright at it.
/// </summary>
/// <remarks>
/// The flags keep Chromium off the network it cannot reach here (background networking, component
/// updates, sync and QUIC each open connections this machine refuses) and let it run as root in a
/// container (<c>--no-sandbox</c>). Each launch gets a fresh, empty profile.
/// </remarks>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian installs Chromium; <c>QUERYDOCTOR_CHROMIUM</c> overrides it.</summary>
    public static readonly string ExecutablePath =
        Environment.GetEnvironmentVariable("QUERYDOCTOR_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The running browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>Starts Chromium.</summary>
    /// <returns>The browser; dispose it to close Chromium.</returns>
    /// <exception cref="InvalidOperationException">Chromium is not installed (CI installs Debian's <c>chromium</c> package).</exception>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ExecutablePath}: install Debian's chromium package (.ci/run does) or set QUERYDOCTOR_CHROMIUM");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens a new page in a fresh browser context.</summary>
    /// <returns>The page.</returns>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // Playwright's 30 s default was once too short for a navigation on a fresh CI machine, where the suite's test
        // assemblies run at once on two cores and Chromium was just installed (its font caches are built on first use).
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    /// <summary>The folder screenshots are kept in: <c>TestResults/screenshots</c> beside the test assembly's output, created on demand.</summary>
    /// <returns>The folder's full path.</returns>
    public static string ScreenshotFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
