using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Unico.Web.Tests.Integration;

[Collection(AppTests.Name)]
public sealed class PagesTests
{
    [Theory]
    [InlineData("/runs/4242")]
    [InlineData("/runs/4242/points/0")]
    [InlineData("/workloads/no-such-net")]
    [InlineData("/spaces/no-such-space")]
    [InlineData("/no/such/page")]
    [InlineData("/help/no-such-doc")]
    public async Task Unknown_ids_give_a_404_not_found_page(string url)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/runs", "Runs")]
    [InlineData("/runs/new", "New run")]
    [InlineData("/workloads", "ResNet-50")]
    [InlineData("/workloads/AlexNet", "conv1")]
    [InlineData("/spaces", "eyeriss-like")]
    [InlineData("/spaces/simba-like", "pe_vector_width")]
    [InlineData("/compare", "Compare runs")]
    [InlineData("/help/method", "id=\"5-robustness\"")]
    public async Task Pages_render_on_the_server(string url, string text)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));

        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plotly_files_the_early_loader_names_are_served_and_are_the_ones_Plotly_Blazor_imports()
    {
        using var dir = new TempDirectory();
        await using var factory = new UnicoAppFactory(dir.Path);
        // Files of referenced packages are served from the package cache in development (and from wwwroot once published).
        await using var app = factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        using var client = app.CreateClient();
        var loader = await client.GetStringAsync(new Uri("/js/plotly-early.js", UriKind.Relative));

        var files = System.Text.RegularExpressions.Regex.Matches(loader, @"'(_content/Plotly\.Blazor/[^']+)'").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(3, files.Count);
        // The loader imports Plotly under the id and paths Plotly.Blazor uses (its strings are UTF-16 in its
        // assembly), so Plotly.Blazor finds it loaded instead of loading it again.
        var assembly = File.ReadAllBytes(typeof(Plotly.Blazor.PlotlyChart).Assembly.Location);
        var plotlyBlazor = System.Text.Encoding.Unicode.GetString(assembly) + System.Text.Encoding.Unicode.GetString(assembly, 1, assembly.Length - 1);
        Assert.Contains("'plotly-import'", loader, StringComparison.Ordinal);
        Assert.Contains("plotly-import", plotlyBlazor, StringComparison.Ordinal);
        foreach (var file in files)
        {
            Assert.Contains("./" + file, plotlyBlazor, StringComparison.Ordinal);
            using var response = await client.GetAsync(new Uri("/" + file, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{file}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
