using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Unico.Web.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Unico.Web.Tests.Integration;
using TestApi = Unico.Web.Tests.Integration.Api;

namespace Unico.Web.Tests.Access;

/// <summary>Nobody gets in uninvited (issue 15, defect 4): keys, accounts, owners, the dashboard.</summary>
[Collection(AppTests.Name)]
public sealed partial class AccessTests
{
    private const string AliceKey = "alice-key-0123456789abcdef";
    private const string BobKey = "bob-key-0123456789abcdef";
    private const string OpsKey = "ops-key-0123456789abcdef";

    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["Unico:Auth:ApiKeys:0:Name"] = "alice",
        ["Unico:Auth:ApiKeys:0:Key"] = AliceKey,
        ["Unico:Auth:ApiKeys:1:Name"] = "bob",
        ["Unico:Auth:ApiKeys:1:Key"] = BobKey,
        ["Unico:Auth:ApiKeys:2:Name"] = "ops",
        ["Unico:Auth:ApiKeys:2:Key"] = OpsKey,
        ["Unico:Auth:ApiKeys:2:Admin"] = "true",
    };

    private static HttpClient Client(UnicoAppFactory app, string? key = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string url)
    {
        using var content = new StringContent("", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:5301", true)]
    [InlineData("http://[::1]:80", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://192.168.1.20:80", false)]
    [InlineData("http://unico.example.org", false)]
    public void Only_loopback_addresses_keep_the_app_open(string address, bool loopback) =>
        Assert.Equal(loopback, AccessMode.ListensOnLoopbackOnly([address]));

    [Fact]
    public async Task With_keys_configured_anonymous_requests_get_401_and_pages_the_sign_in_page()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, Keys);
        using var anonymous = Client(app);

        using var api = await anonymous.GetAsync(new Uri("/api/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using var page = await anonymous.GetAsync(new Uri("/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync(new Uri("/api/runs/1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(anonymous, "/api/runs/1/cancel"));
        using (var wrong = Client(app, "not-a-key"))
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/api/runs", UriKind.Relative))).StatusCode);

        // What a sign-in page and a health probe need stays open.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/app.css", UriKind.Relative))).StatusCode);
        Assert.Contains((await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });

        using var alice = Client(app, AliceKey);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri("/api/runs", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_cancels_or_deletes_a_run()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, Keys);
        using var alice = Client(app, AliceKey);
        using var bob = Client(app, BobKey);
        using var ops = Client(app, OpsKey);
        var (_, first) = await TestApi.SubmitAsync(alice, TestConfigs.Tiny(budget: 2_000_000));
        var (_, second) = await TestApi.SubmitAsync(alice, TestConfigs.Tiny());
        var running = first.GetProperty("id").GetInt64();
        var queued = second.GetProperty("id").GetInt64();
        Assert.Equal("alice", (await TestApi.RunAsync(bob, running)).GetProperty("owner").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(bob, $"/api/runs/{running}/cancel"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync(new Uri($"/api/runs/{queued}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(ops, $"/api/runs/{running}/cancel"));
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync(new Uri($"/api/runs/{queued}", UriKind.Relative))).StatusCode);
        Assert.Equal("cancelled", (await TestApi.WaitFinishedAsync(alice, running)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_hangfire_dashboard_needs_an_admin_even_from_this_machine()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, Keys);
        using var bob = Client(app, BobKey);
        using var ops = Client(app, OpsKey);
        using var anonymous = Client(app);

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_open_installation_admits_its_local_user_but_not_requests_relayed_by_a_proxy()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var local = Client(app);
        Assert.Equal(HttpStatusCode.OK, (await local.GetAsync(new Uri("/api/runs", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await local.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);

        using var proxied = Client(app);
        proxied.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.Unauthorized, (await proxied.GetAsync(new Uri("/api/runs", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await proxied.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_account_signs_in_with_its_password_through_the_sign_in_form_and_a_wrong_one_is_refused()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?>
        {
            ["Unico:Auth:Users:0:UserName"] = "ada",
            ["Unico:Auth:Users:0:Password"] = "Analytical-Engine-1843",
            ["Unico:Auth:Users:0:Admin"] = "true",
        });
        using var browser = Client(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/runs", UriKind.Relative))).StatusCode);

        using (var wrong = await SignInAsync(browser, "ada", "guess"))
        {
            Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
            Assert.Contains("error=wrong", wrong.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/runs", UriKind.Relative))).StatusCode);

        using (var right = await SignInAsync(browser, "ada", "Analytical-Engine-1843"))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            Assert.Equal("/runs", right.Headers.Location!.ToString());
        }
        using var runs = await browser.GetAsync(new Uri("/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Contains("ada", await runs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
        var (status, body) = await TestApi.SubmitAsync(browser, TestConfigs.Tiny());
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("ada", (await TestApi.RunAsync(browser, body.GetProperty("id").GetInt64())).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?>
        {
            ["Unico:Auth:Users:0:UserName"] = "ada",
            ["Unico:Auth:Users:0:Password"] = "Analytical-Engine-1843",
        });
        using var browser = Client(app);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "ada", ["password"] = "Analytical-Engine-1843" });
        using var response = await browser.PostAsync(new Uri("/account/signin", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_at_an_openid_connect_provider_when_one_is_configured()
    {
        using var dir = new TempDirectory();
        await using var factory = new UnicoAppFactory(dir.Path, new Dictionary<string, string?>
        {
            ["Unico:Auth:OpenIdConnect:Authority"] = "https://idp.example.test",
            ["Unico:Auth:OpenIdConnect:ClientId"] = "unico",
            ["Unico:Auth:OpenIdConnect:ClientSecret"] = "secret",
        });
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.Configure<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(Schemes.Oidc, o => o.BackchannelHttpHandler = new DiscoveryDocument())));
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var page = await browser.GetAsync(new Uri("/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var location = page.Headers.Location!.ToString();
        Assert.StartsWith("https://idp.example.test/authorize?", location, StringComparison.Ordinal);
        Assert.Contains("client_id=unico", location, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location, StringComparison.Ordinal);
        using var api = await browser.GetAsync(new Uri("/api/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password)
    {
        var html = await browser.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = TokenPattern().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form has no antiforgery token: " + html);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["userName"] = user,
            ["password"] = password,
            ["returnUrl"] = "/runs",
        });
        return await browser.PostAsync(new Uri("/account/signin", UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    // The provider's discovery document, served without a network.
    private sealed class DiscoveryDocument : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.AbsolutePath.EndsWith("jwks", StringComparison.Ordinal)
                ? """{ "keys": [] }"""
                : """
                  { "issuer": "https://idp.example.test", "authorization_endpoint": "https://idp.example.test/authorize",
                    "token_endpoint": "https://idp.example.test/token", "jwks_uri": "https://idp.example.test/jwks",
                    "response_types_supported": ["code"], "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"] }
                  """;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
