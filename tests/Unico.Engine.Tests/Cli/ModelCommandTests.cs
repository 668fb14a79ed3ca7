using System.Text.Json;

namespace Unico.Engine.Tests.Cli;

/// <summary>The `unico model` contract that later checks depend on.</summary>
public sealed class ModelCommandTests
{
    private static string[] EyerissArgs(params string[] extra)
    {
        var dir = Path.Combine(TestPaths.TimeloopReference, "eyeriss_like-default");
        return ["model", "--arch", Path.Combine(dir, "arch.yaml"), "--problem", Path.Combine(dir, "problem.yaml"),
            "--mapping", Path.Combine(dir, "map.yaml"), "--ert", Path.Combine(dir, "expected", "timeloop-mapper.ERT.yaml"),
            "--art", Path.Combine(dir, "expected", "timeloop-mapper.ART.yaml"), .. extra];
    }

    [Fact]
    public void Json_output_has_the_contracted_fields_and_exit_code_zero()
    {
        var (code, stdout, stderr) = UnicoProcess.Run(EyerissArgs("--json"));
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(86016, root.GetProperty("cycles").GetInt64());
        Assert.Equal(10838016, root.GetProperty("computes").GetInt64());
        Assert.InRange(root.GetProperty("energy_pj").GetDouble(), 59.2e6, 59.4e6);
        Assert.InRange(root.GetProperty("utilization").GetDouble(), 0.749, 0.751);
        Assert.True(root.GetProperty("area_um2").GetDouble() > 0);
        Assert.InRange(root.GetProperty("edp").GetDouble(), 5.0, 5.2);
        var glb = root.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "shared_glb");
        var inputs = glb.GetProperty("tensors").GetProperty("Inputs");
        Assert.Equal(9831, inputs.GetProperty("tile").GetInt64());
        Assert.Equal(1354752, inputs.GetProperty("reads").GetInt64());
        Assert.Equal(157296, inputs.GetProperty("fills").GetInt64());
        Assert.Equal(0, inputs.GetProperty("updates").GetInt64());
        Assert.Equal(1, inputs.GetProperty("utilized_instances").GetInt64());
        Assert.True(glb.GetProperty("energy_pj").GetDouble() > 0);
    }

    [Fact]
    public void Summary_output_is_readable()
    {
        var (code, stdout, _) = UnicoProcess.Run(EyerissArgs());
        Assert.Equal(0, code);
        Assert.Contains("Cycles:      86,016", stdout, StringComparison.Ordinal);
        Assert.Contains("shared_glb", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_exits_non_zero_naming_the_file_and_field()
    {
        var args = EyerissArgs();
        var problemIndex = Array.IndexOf(args, "--problem") + 1;
        args[problemIndex] = Path.Combine(TestPaths.TimeloopReference, "eyeriss_like-default", "missing.yaml");
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
