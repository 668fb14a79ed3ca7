using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Unico.Web.Tests.Integration;

/// <summary>Issue 15's numbered defects over HTTP: each input once crashed, hung, wrapped or 500ed; now each is a 400 naming its field.</summary>
[Collection(AppTests.Name)]
public sealed class HostileInputTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string url, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private const string Tiny = "\"initial_points\": 4, \"batch_size\": 4, \"b0\": 20, \"full_budget\": 180";

    private static string Config(string settings = Tiny, string budget = "\"mapping_evaluations\": 20000", string extra = "") => $$"""
        { "name": "h", "workloads": { "training": ["AlexNet"] }, "space": "eyeriss-like",
          "settings": { {{settings}} }, "budget": { {{budget}} } {{extra}} }
        """;

    [Fact]
    public async Task A_yaml_upload_of_a_hundred_thousand_brackets_is_refused_and_the_server_lives()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var (status, body) = await PostAsync(client, "/api/workloads?name=deep", "x: " + new string('[', 100_000) + new string(']', 100_000), "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("x", body.GetProperty("field").GetString());
        Assert.Contains("nesting deeper than 64", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("healthy", (await Api.WaitForHealthAsync(client)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_yaml_of_nested_anchors_is_refused_before_it_costs_anything()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 10; level++) yaml.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        yaml.Append("? *a10\n: problem\n");

        var (status, body) = await PostAsync(client, "/api/workloads?name=laughs", yaml.ToString(), "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("line").GetInt32() > 0);
        Assert.DoesNotContain(JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/workloads", UriKind.Relative))).RootElement.EnumerateArray(), w => !w.GetProperty("built_in").GetBoolean());
    }

    [Theory]
    [InlineData(Tiny, "\"mapping_evaluations\": 1000000000000", "budget.mapping_evaluations", "MaxMappingEvaluations")]
    [InlineData(Tiny, "\"seconds\": 1e300", "budget.seconds", "MaxSeconds")]
    [InlineData(Tiny, "\"iterations\": 2147483647", "budget.iterations", "MaxIterations")]
    [InlineData("\"b0\": 20, \"full_budget\": 1000000000000", "\"mapping_evaluations\": 20000", "settings.full_budget", "MaxFullBudget")]
    [InlineData("\"batch_size\": 100000", "\"mapping_evaluations\": 20000", "settings.batch_size", "MaxBatchPoints")]
    public async Task A_config_beyond_an_operator_limit_gets_400_naming_the_field_and_the_limit(string settings, string budget, string field, string limit)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var (status, body) = await PostAsync(client, "/api/runs", Config(settings, budget));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains($"Unico:Limits:{limit}", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_sets_the_limits()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?> { ["Unico:Limits:MaxMappingEvaluations"] = "10000" });
        using var client = app.CreateClient();
        var (status, body) = await PostAsync(client, "/api/runs", Config());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("limit of 10000", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"initial_points\": 4294967296", "settings.initial_points")]
    [InlineData("\"initial_points\": 4294967297", "settings.initial_points")]
    [InlineData("\"eta\": 4294967296", "settings.eta")]
    [InlineData("\"plateau_epsilon\": 1e400", "settings.plateau_epsilon")]
    [InlineData("\"robustness_quantile\": 1e400", "settings.robustness_quantile")]
    public async Task Integers_that_would_wrap_and_infinite_decimals_are_refused(string setting, string field)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var (status, body) = await PostAsync(client, "/api/runs", Config(setting));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("\"clock_ghz\": 1e400", "clock_ghz")]
    [InlineData("\"caps\": { \"area_mm2\": 1e400 }", "caps.area_mm2")]
    [InlineData("\"algorithm\": 1", "algorithm")]
    [InlineData("\"threads\": 4294967297", "threads")]
    public async Task Top_level_values_that_used_to_500_or_slip_through_are_refused(string extra, string field)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var (status, body) = await PostAsync(client, "/api/runs", Config(extra: ", " + extra));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{ "name": "\ud800", "workloads": ["AlexNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "name")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet", "AlexNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "workloads[1]")]
    [InlineData("""{ "name": "x", "workloads": { "training": ["AlexNet"], "held_out": ["VGG-16", "vgg16"] }, "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "workloads.held_out[1]")]
    [InlineData("""{ "name": "x", "workloads": null, "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "workloads")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": null, "budget": { "mapping_evaluations": 20000 } }""", "space")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": "eyeriss-like", "budget": null }""", "budget")]
    [InlineData("""{ "name": "a\u202Egnp.exe", "workloads": ["AlexNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "name")]
    public async Task Strings_nulls_and_duplicates_that_used_to_500_are_refused_naming_the_field(string config, string field)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var (status, body) = await PostAsync(client, "/api/runs", config);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains($"'{field}'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_name_of_900_kilobytes_is_refused()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var (status, body) = await PostAsync(client, "/api/runs", Config().Replace("\"name\": \"h\"", $"\"name\": \"{new string('n', 900_000)}\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("name", body.GetProperty("field").GetString());
        Assert.True(body.GetProperty("detail").GetString()!.Length < 1000);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("evil\u202Etxt")]
    [InlineData("zero\u200Bwidth")]
    public async Task Workload_names_that_could_pass_for_paths_or_hide_their_text_are_refused(string name)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var workload = $$"""{ "name": {{JsonSerializer.Serialize(name)}}, "layers": [ { "name": "fc", "type": "fc", "dims": { "N": 8, "K": 8 } } ] }""";
        var (status, body) = await PostAsync(client, "/api/workloads", workload);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("name", body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_workload_beyond_the_layer_and_dimension_limits_is_refused_naming_the_limit()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?> { ["Unico:Limits:MaxLayersPerWorkload"] = "2", ["Unico:Limits:MaxDimensionSize"] = "4096" });
        using var client = app.CreateClient();
        static string Layer(int i, int c) => $$"""{ "name": "fc{{i}}", "type": "fc", "dims": { "N": {{c}}, "K": 8 } }""";

        var (tooMany, many) = await PostAsync(client, "/api/workloads", $$"""{ "name": "many", "layers": [{{Layer(0, 8)}}, {{Layer(1, 8)}}, {{Layer(2, 8)}}] }""");
        var (tooLarge, large) = await PostAsync(client, "/api/workloads", $$"""{ "name": "large", "layers": [{{Layer(0, 8192)}}] }""");

        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("MaxLayersPerWorkload", many.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge);
        Assert.Contains("MaxDimensionSize", large.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_creation_is_rate_limited_per_user()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?> { ["Unico:Limits:RunsPerMinute"] = "2" });
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await PostAsync(client, "/api/runs", Config())).Status);
        using var content = new StringContent(Config(), Encoding.UTF8, "application/json");
        using var refused = await client.PostAsync(new Uri("/api/runs", UriKind.Relative), content);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task No_run_outlives_the_operators_wall_time_limit()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?> { ["Unico:Limits:MaxSeconds"] = "2" });
        using var client = app.CreateClient();
        var (status, body) = await PostAsync(client, "/api/runs", Config(budget: "\"mapping_evaluations\": 2000000000"));
        Assert.Equal(HttpStatusCode.Accepted, status);

        var run = await Api.WaitFinishedAsync(client, body.GetProperty("id").GetInt64(), TimeSpan.FromMinutes(2));

        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Contains("Unico:Limits:MaxSeconds", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
