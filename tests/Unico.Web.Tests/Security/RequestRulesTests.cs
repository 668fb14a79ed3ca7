using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Unico.Web.Tests.Integration;
using TestApi = Unico.Web.Tests.Integration.Api;

namespace Unico.Web.Tests.Security;

/// <summary>No other website can drive the API (issue 15, defect 4); every answer has its headers (defect 7).</summary>
[Collection(AppTests.Name)]
public sealed partial class RequestRulesTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string body, string? contentType, Action<HttpRequestMessage>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        headers?.Invoke(request);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain;charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/yaml")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData(null)]
    public async Task A_run_body_that_is_not_json_gets_415_and_starts_nothing(string? contentType)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        using var response = await PostAsync(client, "/api/runs", TestConfigs.Tiny(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/runs", UriKind.Relative))).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Yaml_is_taken_only_where_a_timeloop_problem_is()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        using var workload = await PostAsync(client, "/api/workloads?name=x", "problem: {}", "application/yaml");
        using var space = await PostAsync(client, "/api/spaces", "problem: {}", "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, workload.StatusCode); // read, and refused for its content
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, space.StatusCode);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_cross_site_write_is_refused_even_without_a_body(string header, string value)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var (_, run) = await TestApi.SubmitAsync(client, TestConfigs.Tiny(budget: 2_000_000));
        var id = run.GetProperty("id").GetInt64();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/runs/{id}/cancel", UriKind.Relative));
        request.Headers.Add(header, value);
        using var cancel = await client.SendAsync(request);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/runs/{id}", UriKind.Relative));
        delete.Headers.Add(header, value);
        using var deleted = await client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        Assert.NotEqual("cancelled", (await TestApi.RunAsync(client, id)).GetProperty("status").GetString());
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/runs/{id}/cancel", UriKind.Relative));
        sameOrigin.Headers.Add("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(sameOrigin)).StatusCode);
    }

    [Fact]
    public async Task Cors_is_closed_unless_the_operator_lists_an_origin()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?> { ["Unico:Cors:Origins:0"] = "https://tools.example.org" });
        using var client = app.CreateClient();

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/runs", UriKind.Relative));
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await client.SendAsync(request);
        }

        using var evil = await Preflight("https://evil.example");
        using var listed = await Preflight("https://tools.example.org");
        Assert.False(evil.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://tools.example.org", listed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var post = await PostAsync(client, "/api/runs", "{}", "application/json", r => r.Headers.Add("Origin", "https://tools.example.org"));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode); // let through to the validation
    }

    [Theory]
    [InlineData("/runs")]
    [InlineData("/api/runs")]
    [InlineData("/app.css")]
    [InlineData("/healthz")]
    [InlineData("/no/such/page")]
    [InlineData("/api/no/such/route")]
    public async Task Every_response_has_the_security_headers(string url)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Pages_allow_only_their_own_scripts_and_the_import_map_by_its_nonce()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/runs", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = NoncePattern().Match(csp).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*(src=|nonce=))[^>]*>", html);
        using var again = await client.GetAsync(new Uri("/runs", UriKind.Relative));
        Assert.NotEqual(csp, again.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("GET", "/api/no/such/route")]
    [InlineData("GET", "/api/runs/abc")]
    [InlineData("DELETE", "/api/workloads")]
    [InlineData("GET", "/api")]
    public async Task Unknown_api_routes_answer_json_not_the_html_not_found_page(string method, string url)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePattern();
}
