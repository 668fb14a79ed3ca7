using System.Text.Json;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Cli;

/// <summary>`unico workloads`, `workloads show` and `workloads export`.</summary>
public sealed class WorkloadsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("unico-workloads-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Listing_shows_every_built_in_with_layers_distinct_layers_and_gmacs()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("workloads");
        Assert.True(code == 0, stderr);
        foreach (var w in WorkloadZoo.All) Assert.Contains(w.Name, stdout, StringComparison.Ordinal);
        Assert.Contains("ResNet-50           54        21     3.858", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_prints_each_layer_and_the_total()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("workloads", "show", "bert-base");
        Assert.True(code == 0, stderr);
        Assert.Contains("attn_scores", stdout, StringComparison.Ordinal);
        Assert.Contains("M=128 N=128 K=64", stdout, StringComparison.Ordinal);
        Assert.Contains("11,173,625,856", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_json_gives_layers_with_macs_and_the_distinct_layers()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("workloads", "show", "ResNet-50", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(WorkloadZoo.ResNet50.TotalMacs, root.GetProperty("total_macs").GetInt64());
        Assert.Equal(54, root.GetProperty("layers").GetArrayLength());
        Assert.Equal(21, root.GetProperty("distinct_layers").GetArrayLength());
        var conv1 = root.GetProperty("layers")[0];
        Assert.Equal("conv1", conv1.GetProperty("name").GetString());
        Assert.Equal(64, conv1.GetProperty("dims").GetProperty("M").GetInt32());
        Assert.Equal(118_013_952, conv1.GetProperty("macs").GetInt64());
    }

    [Fact]
    public void Export_writes_a_file_that_show_reads_back()
    {
        var path = Path.Combine(_dir, "alexnet.json");
        var (code, _, stderr) = UnicoProcess.Run("workloads", "export", "alexnet", "-o", path);
        Assert.True(code == 0, stderr);
        Assert.Equal(WorkloadZoo.AlexNet, WorkloadJson.Read(path));
        (code, var stdout, stderr) = UnicoProcess.Run("workloads", "show", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("conv2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_exits_2_naming_the_problem()
    {
        var (code, _, stderr) = UnicoProcess.Run("workloads", "show", "lenet");
        Assert.Equal(2, code);
        Assert.Contains("ResNet-50", stderr, StringComparison.Ordinal);

        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, "{\n  \"name\": \"x\",\n  \"layers\": []\n}\n");
        (code, _, stderr) = UnicoProcess.Run("workloads", "show", path);
        Assert.Equal(2, code);
        Assert.Contains($"{path}:3: 'layers': must list at least one layer", stderr, StringComparison.Ordinal);
    }
}
