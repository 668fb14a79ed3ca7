using Microsoft.Playwright;

namespace Unico.Web.EndToEnd;

/// <summary>Debian's chromium driven by Playwright (Playwright's own browser download is not used).</summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>Where the test command installs chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Instance = browser;
    }

    /// <summary>Playwright.</summary>
    public IPlaywright Playwright { get; }

    /// <summary>The browser.</summary>
    public IBrowser Instance { get; }

    /// <summary>Launches headless chromium.</summary>
    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // No GPU on test machines: WebGL (the 3D front) comes from SwiftShader, which Chromium no
            // longer falls back to on its own; /dev/shm may be small in containers.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh context (own cookies and storage) and a page in it.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(int width = 1440, int height = 1000)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30000);
        return (context, page);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        Playwright.Dispose();
    }
}
