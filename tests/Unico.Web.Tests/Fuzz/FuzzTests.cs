using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Workloads;
using Unico.Web.Tests.Integration;
using TestApi = Unico.Web.Tests.Integration.Api;

namespace Unico.Web.Tests.Fuzz;

/// <summary>
/// A seeded fuzz suite over the readers and the API (issue 15): hundreds of hostile inputs; no
/// reader throws anything but an input error, no response is a 500, and every 400 says where.
/// </summary>
[Collection(AppTests.Name)]
public sealed class FuzzTests
{
    private const int Seed = 15;

    [Fact]
    public void The_generator_is_deterministic_and_hostile()
    {
        var a = HostileInputs.Generate(Seed, 200);
        Assert.Equal(a, HostileInputs.Generate(Seed, 200));
        Assert.NotEqual(a.Select(i => i.Text), HostileInputs.Generate(Seed + 1, 200).Select(i => i.Text));
        Assert.Equal(4, a.Select(i => i.Kind).Distinct().Count());
    }

    [Fact]
    public void Six_hundred_hostile_inputs_make_the_readers_throw_only_input_errors_that_say_where()
    {
        var inputs = HostileInputs.Generate(Seed, 600);
        var failures = new List<string>();
        var refused = 0;
        foreach (var input in inputs)
        {
            try
            {
                Read(input);
            }
            catch (UnicoInputException e)
            {
                refused++;
                if (string.IsNullOrWhiteSpace(e.Detail) || (e.Field is null && e.Line is null && e.File is null))
                    failures.Add($"{input.Kind} {input.Mutation}: an error that says nowhere: {e.Message}");
                else if (e.Field is { } field && !e.Message.Contains($"'{field}'", StringComparison.Ordinal))
                    failures.Add($"{input.Kind} {input.Mutation}: the message does not name its field '{field}': {e.Message}");
            }
#pragma warning disable CA1031 // the point: anything else is a failure to report
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"{input.Kind} {input.Mutation}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {inputs.Count} inputs:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(refused > inputs.Count / 2, $"only {refused} of {inputs.Count} inputs were refused: the generator is not hostile enough");
    }

    [Fact]
    public async Task Two_hundred_hostile_requests_get_no_500_and_every_400_names_its_field_or_line()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path, new Dictionary<string, string?> { ["Unico:Limits:RunsPerMinute"] = "1000" });
        using var client = app.CreateClient();
        var inputs = HostileInputs.Generate(Seed + 1, 200);
        var failures = new List<string>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        foreach (var input in inputs)
        {
            var (url, type) = input.Kind switch
            {
                InputKind.RunConfig => ("/api/runs", "application/json"),
                InputKind.WorkloadJson => ("/api/workloads", "application/json"),
                InputKind.SpaceJson => ("/api/spaces", "application/json"),
                _ => ("/api/workloads?name=fuzz-problem", "application/yaml"),
            };
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(input.Text));
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500) failures.Add($"{input.Kind} {input.Mutation}: {response.StatusCode} {body}");
            if (response.StatusCode != HttpStatusCode.BadRequest) continue;
            var problem = JsonDocument.Parse(body).RootElement;
            var detail = problem.GetProperty("detail").GetString() ?? "";
            var field = problem.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var hasLine = problem.TryGetProperty("line", out _);
            if (field is null && !hasLine) failures.Add($"{input.Kind} {input.Mutation}: a 400 that names no field or line: {detail}");
            else if (field is not null && !detail.Contains($"'{field}'", StringComparison.Ordinal)) failures.Add($"{input.Kind} {input.Mutation}: '{field}' not in: {detail}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {inputs.Count} requests:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > inputs.Count / 2, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        Assert.Equal("healthy", (await TestApi.WaitForHealthAsync(client)).GetProperty("status").GetString());
    }

    private static void Read(HostileInput input)
    {
        switch (input.Kind)
        {
            case InputKind.RunConfig:
                CoSearchConfigJson.Parse(input.Text, "fuzz.json");
                break;
            case InputKind.WorkloadJson:
                WorkloadJson.Parse(input.Text, "fuzz.json");
                break;
            case InputKind.SpaceJson:
                DesignSpace.Parse(input.Text, "fuzz.json");
                break;
            default:
                Layer.FromProblem("fuzz", TimeloopProblemReader.Parse(input.Text, "fuzz.yaml"));
                break;
        }
    }
}
