using System.Text.Json;

namespace Unico.Engine.Tests.Cli;

/// <summary>`unico spaces`, `unico spaces show` and `unico spaces build`.</summary>
public sealed class SpacesCommandTests
{
    [Fact]
    public void Spaces_lists_the_built_in_spaces_with_their_sizes()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("spaces");
        Assert.True(code == 0, stderr);
        Assert.Contains("eyeriss-like", stdout, StringComparison.Ordinal);
        Assert.Contains("simba-like", stdout, StringComparison.Ordinal);
        Assert.Contains("336,000,000", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_json_gives_the_space_its_size_and_search_dimensions()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("spaces", "show", "eyeriss-like", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("336000000", root.GetProperty("size").GetString());
        Assert.Equal(12, root.GetProperty("default").GetProperty("pe_rows").GetInt32());
        Assert.Equal(11, root.GetProperty("search_dimensions").GetArrayLength());
        Assert.Equal(8, root.GetProperty("parameters").GetProperty("pe_rows").GetProperty("min").GetInt32());
    }

    [Fact]
    public void Show_prints_parameters_and_the_default_point()
    {
        var (code, stdout, _) = UnicoProcess.Run("spaces", "show", "simba-like");
        Assert.Equal(0, code);
        Assert.Contains("pe_lanes", stdout, StringComparison.Ordinal);
        Assert.Contains("\"dataflow\": \"weight_stationary\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_json_prints_levels_instances_energies_and_area()
    {
        var (code, stdout, stderr) = UnicoProcess.Run("spaces", "build", "eyeriss-like", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(168, root.GetProperty("macs").GetInt32());
        Assert.InRange(root.GetProperty("area_mm2").GetDouble(), 1.25, 1.28);
        var glb = root.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "shared_glb");
        Assert.Equal(18.183829, glb.GetProperty("energy_pj").GetProperty("read").GetDouble(), 5);
        Assert.Equal("Weights", glb.GetProperty("constraints").GetProperty("bypass")[0].GetString());
        var spad = root.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "weights_spad");
        Assert.Equal(168, spad.GetProperty("instances").GetInt32());
    }

    [Fact]
    public void Show_and_build_take_a_space_around_a_users_architecture()
    {
        var file = Path.Combine(TestPaths.RepoRoot, "examples", "spaces", "ws-regs.json");
        var (code, stdout, stderr) = UnicoProcess.Run("spaces", "show", file);
        Assert.True(code == 0, stderr);
        Assert.Contains("gbuf.attributes.depth", stdout, StringComparison.Ordinal);
        Assert.Contains("Default point (256 MACs", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = UnicoProcess.Run("spaces", "build", file, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var levels = json.RootElement.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal("scaled", levels.Single(l => l.GetProperty("name").GetString() == "gbuf").GetProperty("cost_source").GetString());
        Assert.Equal("table", levels.Single(l => l.GetProperty("name").GetString() == "ireg").GetProperty("cost_source").GetString());
    }

    [Fact]
    public void Build_with_a_point_file_uses_it_and_fills_in_the_default()
    {
        var file = Path.Combine(Path.GetTempPath(), $"unico-point-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "pe_rows": 16, "pe_cols": 16 }""");
        try
        {
            var (code, stdout, stderr) = UnicoProcess.Run("spaces", "build", "eyeriss-like", "--point", file);
            Assert.True(code == 0, stderr);
            Assert.Contains("PEs: 256 (16 rows x 16 columns)", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_bad_point_file_exits_2_naming_the_file_line_and_parameter()
    {
        var file = Path.Combine(Path.GetTempPath(), $"unico-point-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\n  \"pe_rows\": 99\n}\n");
        try
        {
            var (code, _, stderr) = UnicoProcess.Run("spaces", "build", "eyeriss-like", "--point", file);
            Assert.Equal(2, code);
            Assert.Contains($"{file}:2: 'pe_rows': 99 is not in the space (8..32)", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_unknown_space_exits_2_listing_the_built_in_ones()
    {
        var (code, _, stderr) = UnicoProcess.Run("spaces", "show", "tpu-like");
        Assert.Equal(2, code);
        Assert.Contains("eyeriss-like", stderr, StringComparison.Ordinal);
    }
}
