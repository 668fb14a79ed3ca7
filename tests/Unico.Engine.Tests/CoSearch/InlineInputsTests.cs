using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.CoSearch;

/// <summary>A run config may carry its workloads and space as JSON objects, so one file reproduces a run on custom inputs.</summary>
public sealed class InlineInputsTests
{
    private static readonly string Workload = WorkloadJson.Write(new Workload("tiny-net", "two layers", "test",
        [Layer.Conv("stem", 8, 16, 3, 3, 8, 8), Layer.Conv("body", 16, 16, 3, 3, 4, 4)]));

    private static readonly string Space = BuiltInSpaces.Get("eyeriss-like").ToJson().Replace("\"eyeriss-like\"", "\"my-space\"", StringComparison.Ordinal);

    private static string Config() => $$"""
        { "name": "inline", "workloads": { "training": [{{Workload}}, "AlexNet"] }, "space": {{Space}},
          "settings": { "initial_points": 2, "batch_size": 2, "b0": 10, "full_budget": 30 }, "budget": { "mapping_evaluations": 4000 }, "seed": 3 }
        """;

    [Fact]
    public void Inline_workloads_and_spaces_read_write_and_read_back_to_the_same_config()
    {
        var config = CoSearchConfigJson.Parse(Config());

        var written = CoSearchConfigJson.Write(config);
        var again = CoSearchConfigJson.Parse(written);

        Assert.Equal(written, CoSearchConfigJson.Write(again));
        Assert.Equal(["tiny-net", "AlexNet"], config.TrainingWorkloads.Select(WorkloadCatalog.DisplayName));
        Assert.Equal("my-space", DesignSpace.DisplayName(config.Space));
        Assert.Equal(2, WorkloadCatalog.Resolve(again.TrainingWorkloads[0]).LayerCount);
        Assert.Equal("my-space", DesignSpace.Resolve(again.Space).Name);
        Assert.Contains("\"layers\"", written, StringComparison.Ordinal); // written as an object, not a string of JSON
        Assert.DoesNotContain("\\\"layers\\\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_on_inline_inputs_is_the_run_on_the_same_inputs_by_file()
    {
        using var dir = new TempFolder();
        var workloadFile = Path.Combine(dir.Path, "tiny-net.json");
        var spaceFile = Path.Combine(dir.Path, "my-space.json");
        File.WriteAllText(workloadFile, Workload);
        File.WriteAllText(spaceFile, Space);
        var inline = CoSearchConfigJson.Parse(Config());
        var byFile = inline with { TrainingWorkloads = [workloadFile, "AlexNet"], Space = spaceFile };

        var a = CoSearchRun.Create(inline).Run();
        var b = CoSearchRun.Create(byFile).Run();

        Assert.Equal(RunOutcome.Succeeded, a.Status);
        Assert.Equal(b.Points.Select(p => (p.LatencyCycles, p.EnergyPj, p.AreaMm2)), a.Points.Select(p => (p.LatencyCycles, p.EnergyPj, p.AreaMm2)));
    }

    [Fact]
    public void A_bad_inline_workload_is_an_input_error_naming_its_field()
    {
        var config = CoSearchConfigJson.Parse(Config().Replace("\"stem\"", "\"\"", StringComparison.Ordinal));

        var e = Assert.Throws<UnicoInputException>(() => CoSearchRun.Create(config));

        Assert.Contains("inline workload", e.Message, StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("unico-inline-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
