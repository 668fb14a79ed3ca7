using System.Text.Json;

namespace Unico.Engine.Tests.Cli;

/// <summary>The `unico map` contract: Timeloop-files mode and workload-on-a-design-point mode.</summary>
public sealed class MapCommandTests
{
    [Fact]
    public void Mapping_a_timeloop_layer_prints_the_best_stats_evaluations_and_a_readable_mapping()
    {
        var dir = ModelCommandTests.ExampleDir;
        var outFile = Path.Combine(Path.GetTempPath(), $"unico-map-{Guid.NewGuid():N}.yaml");
        try
        {
            var (code, stdout, stderr) = UnicoProcess.Run("map", "--arch", Path.Combine(dir, "arch.yaml"), "--problem", Path.Combine(dir, "problem.yaml"),
                "--ert", Path.Combine(dir, "ERT.yaml"), "--budget", "3000", "--seed", "2", "--json", "--out", outFile);
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            Assert.Equal(3000, root.GetProperty("evaluations").GetInt64());
            Assert.True(root.GetProperty("valid_evaluations").GetInt64() > 0);
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            Assert.True(root.GetProperty("cycles").GetInt64() > 0);

            // The written mapping evaluates to the same numbers with `unico model`.
            var (modelCode, modelOut, modelErr) = UnicoProcess.Run("model", "--arch", Path.Combine(dir, "arch.yaml"), "--problem", Path.Combine(dir, "problem.yaml"),
                "--mapping", outFile, "--ert", Path.Combine(dir, "ERT.yaml"), "--json");
            Assert.True(modelCode == 0, modelErr);
            using var model = JsonDocument.Parse(modelOut);
            Assert.Equal(root.GetProperty("cycles").GetInt64(), model.RootElement.GetProperty("cycles").GetInt64());
            Assert.Equal(root.GetProperty("energy_pj").GetDouble(), model.RootElement.GetProperty("energy_pj").GetDouble(), 3);
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    [Fact]
    public void Mapping_a_workload_on_a_design_point_reports_each_layer_and_totals()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("map", "--space", "eyeriss-like", "--workload", "AlexNet", "--budget", "500", "--seed", "1", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(8, root.GetProperty("layers").GetArrayLength());
        var totals = root.GetProperty("totals");
        Assert.True(totals.GetProperty("complete").GetBoolean());
        var sumCycles = root.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("cycles").GetDouble() * l.GetProperty("repeat").GetInt32());
        Assert.Equal(sumCycles, totals.GetProperty("latency_cycles").GetDouble(), 3);
        Assert.True(totals.GetProperty("area_mm2").GetDouble() > 0);
        Assert.Equal(8 * 500, root.GetProperty("evaluations").GetInt64());
    }

    [Fact]
    public void A_workload_mapped_with_out_writes_one_complete_mapping_file_per_distinct_layer()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"unico-maps-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, stderr) = UnicoProcess.Run("map", "--space", "eyeriss-like", "--workload", "AlexNet", "--budget", "300", "--json", "--out", dir);
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            var files = Directory.GetFiles(dir, "*.map.yaml");
            Assert.Equal(json.RootElement.GetProperty("layers").GetArrayLength(), files.Length);
            foreach (var file in files)
            {
                var text = File.ReadAllText(file);
                // The fan-out levels' own directives are there: Timeloop needs them.
                Assert.Contains("- target: inter_PE_spatial\n    type: datatype\n    keep: []", text, StringComparison.Ordinal);
                Assert.Contains("- target: inter_PE_column_spatial\n    type: temporal", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_workload_is_an_error_listing_the_built_ins()
    {
        var (code, _, stderr) = UnicoProcess.Run("map", "--space", "eyeriss-like", "--workload", "NoSuchNet", "--budget", "10");
        Assert.Equal(2, code);
        Assert.Contains("ResNet-50", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_budget_is_rejected()
    {
        var (code, _, stderr) = UnicoProcess.Run("map", "--space", "eyeriss-like", "--workload", "AlexNet", "--budget", "0");
        Assert.Equal(2, code);
        Assert.Contains("--budget", stderr, StringComparison.Ordinal);
    }
}
