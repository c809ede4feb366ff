using Microsoft.Playwright;

namespace QueryDoctor.AspNetCore.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, never a downloaded browser. Replace with the shared
/// TestSupport launcher once it exists.
/// </summary>
internal static class HeadlessBrowser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static async Task<Session> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                ],
            });
            return new Session(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public sealed class Session(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public Task<IPage> NewPageAsync() => browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
