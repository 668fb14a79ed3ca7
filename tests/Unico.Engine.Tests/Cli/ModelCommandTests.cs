using System.Text.Json;

namespace Unico.Engine.Tests.Cli;

/// <summary>The `unico model` contract that later checks depend on.</summary>
public sealed class ModelCommandTests
{
    /// <summary>The README's example: a row-stationary array on ResNet-18 conv4, with Timeloop's stats beside it.</summary>
    internal static string ExampleDir => Path.Combine(TestPaths.RepoRoot, "examples", "timeloop", "row_stationary-resnet18_conv4");

    private static string[] ExampleArgs(params string[] extra)
    {
        var dir = ExampleDir;
        return ["model", "--arch", Path.Combine(dir, "arch.yaml"), "--problem", Path.Combine(dir, "problem.yaml"),
            "--mapping", Path.Combine(dir, "map.yaml"), "--ert", Path.Combine(dir, "ERT.yaml"),
            "--art", Path.Combine(dir, "ART.yaml"), .. extra];
    }

    [Fact]
    public void Json_output_has_the_contracted_fields_and_exit_code_zero()
    {
        var (code, stdout, stderr) = UnicoProcess.Run(ExampleArgs("--json"));
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        // Timeloop's figures for this case (timeloop-model.stats.txt beside it).
        Assert.Equal(1204224, root.GetProperty("cycles").GetInt64());
        Assert.Equal(115605504, root.GetProperty("computes").GetInt64());
        Assert.InRange(root.GetProperty("energy_pj").GetDouble(), 440.26e6 * 0.999, 440.26e6 * 1.001);
        Assert.InRange(root.GetProperty("utilization").GetDouble(), 0.5709, 0.5719);
        Assert.True(root.GetProperty("area_um2").GetDouble() > 0);
        Assert.InRange(root.GetProperty("edp").GetDouble(), 529.5, 531.0);
        var glb = root.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "gsram");
        var inputs = glb.GetProperty("tensors").GetProperty("Inputs");
        Assert.Equal(1008, inputs.GetProperty("tile").GetInt64());
        Assert.Equal(903168, inputs.GetProperty("reads").GetInt64());
        Assert.Equal(193536, inputs.GetProperty("fills").GetInt64());
        Assert.Equal(0, inputs.GetProperty("updates").GetInt64());
        Assert.Equal(1, inputs.GetProperty("utilized_instances").GetInt64());
        Assert.True(glb.GetProperty("energy_pj").GetDouble() > 0);
    }

    [Fact]
    public void Summary_output_is_readable()
    {
        var (code, stdout, _) = UnicoProcess.Run(ExampleArgs());
        Assert.Equal(0, code);
        Assert.Contains("Cycles:      1,204,224", stdout, StringComparison.Ordinal);
        Assert.Contains("gsram", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_exits_non_zero_naming_the_file_and_field()
    {
        var args = ExampleArgs();
        var problemIndex = Array.IndexOf(args, "--problem") + 1;
        args[problemIndex] = Path.Combine(ExampleDir, "missing.yaml");
        var (code, _, stderr) = UnicoProcess.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("missing.yaml", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_option_is_reported()
    {
        var (code, _, stderr) = UnicoProcess.Run("model", "--arch", "a.yaml");
        Assert.NotEqual(0, code);
        Assert.Contains("--problem", stderr, StringComparison.Ordinal);
    }
}
