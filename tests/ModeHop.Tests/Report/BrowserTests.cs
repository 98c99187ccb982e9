using Microsoft.Playwright;
using ModeHop.Tests.Cli;
using Xunit.Abstractions;

namespace ModeHop.Tests.Report;

/// <summary>
/// The report in a real browser: Playwright drives Debian's chromium (installed by tools/setup.sh; no browser is
/// downloaded) over a report with every section, made through the real ReportBuilder and HtmlReport path from a DB
/// whose item prompts carry a &lt;script&gt; and an &lt;img onerror&gt;.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output) : IDisposable
{
    const string Chromium = "/usr/bin/chromium";

    static readonly string[] Headings =
    [
        "Recommended checkpoint", .. FabricatedRun.Families, "Hops", "Envelope of the general probability", "Local stability", "Checkpoint averaging",
        "Interpolation between modes", "Data selection", "Generalisation predictors",
    ];

    readonly FabricatedRun run = new(withFindings: true);

    public void Dispose() => run.Dispose();

    [Fact]
    public async Task Report_InChromium_NoErrorsNoNetworkItemMarkupShownAsTextEverySectionVisible()
    {
        if (!File.Exists(Chromium))
            Assert.Fail($"{Chromium} is missing: run tools/setup.sh (it installs Debian's chromium), then ./test.");
        string report = run.WriteReport(Path.Combine(run.Dir, "report.html"));
        string url = new Uri(Path.GetFullPath(report)).AbsoluteUri;

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // as root (CI) chromium refuses to start sandboxed
            Args = ["--no-sandbox", "--disable-gpu", "--no-proxy-server"],
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        var consoleErrors = new List<string>();
        var pageErrors = new List<string>();
        var requests = new List<string>();
        var blocked = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        page.PageError += (_, error) => pageErrors.Add(error);
        page.Request += (_, request) => requests.Add(request.Url);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal))
                await route.ContinueAsync();
            else
            {
                blocked.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        string screenshot = Path.Combine(AppContext.BaseDirectory, "browser-test", "report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");

        Assert.True(new FileInfo(screenshot).Length > 0, $"{screenshot} is empty");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot)[..4]);
        Assert.Empty(consoleErrors);
        Assert.Empty(pageErrors);
        Assert.Empty(blocked);
        Assert.Equal([url], requests.Distinct());

        string text = await page.InnerTextAsync("body");
        Assert.Contains(FabricatedRun.ScriptPrompt, text);
        Assert.Contains(FabricatedRun.ImgPrompt, text);
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'"), "window.__pwned is set: item text ran as script");
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("img").CountAsync());
        foreach (string heading in Headings)
            Assert.True(await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = heading, Exact = true, Level = 2 }).IsVisibleAsync(), $"heading '{heading}' is not visible");
        Assert.Equal(FabricatedRun.Families.Length, await page.Locator("table.dynamics-table").CountAsync());
        Assert.True(await page.Locator("table.dynamics-table").First.IsVisibleAsync(), "a family's items-and-signals table is not visible");
    }
}
