using System.Text.Json;
using Unico.Engine.CoSearch;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Tests.CostModel;
using Unico.Engine.Tests.Interop.Timeloop;

namespace Unico.Engine.Tests.Hardware;

/// <summary>
/// Spaces around a user's own Timeloop architecture (docs/hardware.md, "Your own architecture"):
/// the file's own point is the file, exports are Timeloop's format and reproduce our numbers, and
/// bad parameter files are refused naming the file, line and key.
/// </summary>
public sealed class ArchitectureSpaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("unico-archspace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The parameter file of each oracle architecture that has one in the repository.</summary>
    private static string SpaceOf(string arch) => arch switch
    {
        "ws_regs" => Path.Combine(TestPaths.RepoRoot, "examples", "spaces", "ws-regs.json"),
        "row_stationary" => Path.Combine(TestPaths.RepoRoot, "examples", "spaces", "row-stationary.json"),
        "vector_pe" => Path.Combine(TestPaths.Data, "spaces", "vector-pe.json"),
        _ => throw new ArgumentException(arch),
    };

    public static TheoryData<string> OracleCasesWithSpaces()
    {
        var data = new TheoryData<string>();
        foreach (var c in OracleCase.All.Where(c => c.Arch is "ws_regs" or "row_stationary" or "vector_pe")) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(OracleCasesWithSpaces))]
    public void The_default_point_is_the_users_file_and_Timeloops_numbers_come_out(string name)
    {
        var c = OracleCase.Get(name);
        var space = DesignSpace.Load(SpaceOf(c.Arch));
        foreach (var p in space.Architecture!.Parameters.Where(p => p.Node is not null))
            Assert.Equal(space.Architecture.FileValue(p), space.Default[p.Name]);
        var hardware = space.Build(space.Default);
        Assert.All(hardware.CostSources.Values, s => Assert.NotEqual(CostSource.Model, s));

        var problem = TimeloopProblemReader.Read(c.ProblemPath);
        var mapping = TimeloopMappingReader.Read(c.MappingPath, problem, hardware.ToTimeloop());
        var ours = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        var timeloop = c.Expected();
        Assert.True(ours.IsValid, ours.InvalidReason);
        Assert.Equal(timeloop.Cycles, ours.Cycles);
        Assert.InRange(ours.EnergyPj / timeloop.TotalEnergyPj, 0.99, 1.01);
        Assert.InRange(hardware.AreaMm2 / (new TimeloopSpec(problem, c.Spec().Architecture, mapping).Architecture.Architecture.AreaUm2 / 1e6), 0.999999, 1.000001);

        // Exported at that point with Timeloop's own mapping, the files still say what Timeloop said.
        var out1 = Path.Combine(_dir, name);
        var summary = DesignExport.Write(space, space.Default, [new ExportedLayer(c.Layer, problem, File.ReadAllText(c.MappingPath), 1)], out1);
        Assert.Equal(timeloop.Cycles, summary.Layers[0].Cycles);
        Assert.InRange(summary.Layers[0].EnergyPj / timeloop.TotalEnergyPj, 0.99, 1.01);
    }

    [Fact]
    public void A_changed_component_keeps_the_users_technology_scaled_by_the_model_and_the_rest_keeps_the_tables()
    {
        var space = DesignSpace.Load(SpaceOf("vector_pe"));
        var atFile = space.Build(space.Default);
        var bigger = space.Build(space.Default.With("glb_depth", ParameterValue.Of(32768)));
        Assert.Equal(CostSource.ScaledTable, bigger.CostSources["glb"]);
        Assert.Equal(CostSource.Table, bigger.CostSources["wbuf"]);

        var tech = Calibration.Eyeriss65nm;
        var ratio = tech.Sram(32768, 64, 32).Energy.Read / tech.Sram(16384, 64, 32).Energy.Read;
        var glb0 = atFile.Architecture.Levels.Single(l => l.Name == "glb");
        var glb1 = bigger.Architecture.Levels.Single(l => l.Name == "glb");
        Assert.Equal(glb0.Energy.Read * ratio, glb1.Energy.Read, 9);
        Assert.Equal(2 * glb0.SizeWords, glb1.SizeWords);
        var wbuf0 = atFile.Architecture.Levels.Single(l => l.Name == "wbuf");
        var wbuf1 = bigger.Architecture.Levels.Single(l => l.Name == "wbuf");
        Assert.Equal(wbuf0.Energy, wbuf1.Energy);
        Assert.True(bigger.AreaMm2 > atFile.AreaMm2);

        // HBM2 costs what the model says relative to LPDDR4, in the user's DRAM entry.
        var hbm = space.Build(space.Default.With("dram", ParameterValue.Of("HBM2")));
        var dramRatio = tech.Dram(DramType.Hbm2, 64).Energy.Read / tech.Dram(DramType.Lpddr4, 64).Energy.Read;
        Assert.Equal(atFile.Architecture.Levels[0].Energy.Read * dramRatio, hbm.Architecture.Levels[0].Energy.Read, 9);
    }

    [Fact]
    public void Costs_can_force_the_model_or_the_table_per_component()
    {
        var file = WriteSpace("forced.json", SpaceOf("vector_pe"), json => json.Replace("\"constraints\": {", "\"costs\": { \"glb\": \"model\", \"ibuf\": \"table\" },\n  \"constraints\": {", StringComparison.Ordinal));
        var space = DesignSpace.Load(file);
        var point = space.Default.With("glb_depth", ParameterValue.Of(4096)).With("ibuf_depth", ParameterValue.Of(1024));
        var hw = space.Build(point);
        Assert.Equal(CostSource.Model, hw.CostSources["glb"]);
        Assert.Equal(CostSource.Table, hw.CostSources["ibuf"]);
        var tech = Calibration.Eyeriss65nm;
        Assert.Equal(tech.Sram(4096, 64, 32).Energy.Read, hw.Architecture.Levels.Single(l => l.Name == "glb").Energy.Read, 9);
        var atFile = space.Build(space.Default);
        Assert.Equal(atFile.Architecture.Levels.Single(l => l.Name == "ibuf").Energy, hw.Architecture.Levels.Single(l => l.Name == "ibuf").Energy);

        // The self-contained form keeps the forced sources.
        var again = DesignSpace.Parse(space.ToJson(), "inline");
        Assert.Equal(CostSource.Model, again.Build(point).CostSources["glb"]);
    }

    [Fact]
    public void The_self_contained_json_rebuilds_the_same_space_without_its_folder()
    {
        foreach (var arch in new[] { "ws_regs", "row_stationary", "vector_pe" })
        {
            var space = DesignSpace.Load(SpaceOf(arch));
            var again = DesignSpace.Parse(space.ToJson(), "inline");
            Assert.Equal(space.Size, again.Size);
            Assert.Equal(space.Default, again.Default);
            foreach (var point in space.Sample(5, seed: 3))
            {
                var a = space.Build(point);
                var b = again.Build(point);
                Assert.Equal(a.AreaMm2, b.AreaMm2, 12);
                Assert.Equal(a.Architecture.Levels.Select(l => (l.Name, l.SizeWords, l.Instances, l.Energy)), b.Architecture.Levels.Select(l => (l.Name, l.SizeWords, l.Instances, l.Energy)));
            }
        }
    }

    [Fact]
    public void A_search_on_an_oracle_architecture_exports_its_best_point_as_files_that_reproduce_the_run()
    {
        var config = Path.Combine(_dir, "search.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            name = "export-round-trip",
            workloads = new { training = new[] { "AlexNet" }, held_out = Array.Empty<string>() },
            space = SpaceOf("vector_pe"),
            objectives = new[] { "latency", "energy", "area" },
            algorithm = "unico",
            settings = new { initial_points = 4, batch_size = 4, b0 = 20, eta = 3, full_budget = 180 },
            budget = new { mapping_evaluations = 12_000 },
            mapper = new { strategy = "annealing", objective = "edp" },
            seed = 3,
        }));
        var run = Path.Combine(_dir, "run");
        var (code, _, stderr) = Cli.UnicoProcess.Run("search", "--config", config, "--out", run, "--quiet");
        Assert.True(code == 0, stderr);

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json")));
        var best = result.RootElement.GetProperty("points").EnumerateArray()
            .Where(p => p.GetProperty("feasible").GetBoolean())
            .MinBy(p => p.GetProperty("latency_cycles").GetDouble() * p.GetProperty("energy_pj").GetDouble());
        var id = best.GetProperty("id").GetInt32();
        var export = Path.Combine(_dir, "export");
        (code, _, stderr) = Cli.UnicoProcess.Run("export", "--run", run, "--point", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", export);
        Assert.True(code == 0, stderr);

        // The files are Timeloop v0.4 and Accelergy's table format.
        var archText = File.ReadAllText(Path.Combine(export, "arch.yaml"));
        Assert.Contains("version: 0.4", archText, StringComparison.Ordinal);
        Assert.Contains("!Container", archText, StringComparison.Ordinal);
        Assert.Contains("!Component", archText, StringComparison.Ordinal);
        Assert.StartsWith("ERT:", File.ReadAllText(Path.Combine(export, "ERT.yaml")), StringComparison.Ordinal);
        Assert.StartsWith("ART:", File.ReadAllText(Path.Combine(export, "ART.yaml")), StringComparison.Ordinal);

        long cycles = 0;
        double energy = 0;
        var layers = best.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(layers.Count, Directory.GetDirectories(Path.Combine(export, "layers")).Length);
        foreach (var layer in layers)
        {
            var name = layer.GetProperty("layers")[0].GetString()!;
            var dir = Path.Combine(export, "layers", name);
            var spec = TimeloopSpec.Load(Path.Combine(export, "arch.yaml"), Path.Combine(dir, "problem.yaml"), Path.Combine(dir, "map.yaml"),
                Path.Combine(export, "ERT.yaml"), Path.Combine(export, "ART.yaml"));
            var evaluation = spec.Evaluate();
            Assert.True(evaluation.IsValid, evaluation.InvalidReason);
            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
            Assert.Equal(expected.RootElement.GetProperty("cycles").GetInt64(), evaluation.Cycles);
            Assert.Equal(expected.RootElement.GetProperty("energy_pj").GetDouble(), evaluation.EnergyPj, 6);
            // ... which is what the run recorded for the layer ...
            Assert.Equal(layer.GetProperty("cycles").GetInt64(), evaluation.Cycles);
            Assert.InRange(evaluation.EnergyPj / layer.GetProperty("energy_pj").GetDouble(), 1 - 1e-9, 1 + 1e-9);
            // ... and what a literal walk of Timeloop's nest analysis counts on the same files.
            var mapping = MappingBuffer.From(spec.Mapping, spec.Problem.Shape.Dimensions.Length, spec.Problem.Shape.DataSpaces.Length);
            var counts = NestSimulation.Run(spec.Problem, spec.Architecture.Architecture, mapping);
            foreach (var level in evaluation.Levels)
            {
                var l = spec.Architecture.Architecture.LevelIndex(level.Name);
                foreach (var t in level.Tensors)
                {
                    var walked = counts[l, spec.Problem.Shape.DataSpaceIndex(t.DataSpace)]!;
                    Assert.Equal(walked.Reads, t.Reads);
                    Assert.Equal(walked.Fills, t.Fills);
                    Assert.Equal(walked.Updates, t.Updates);
                }
            }
            cycles += evaluation.Cycles * layer.GetProperty("repeat").GetInt32();
            energy += evaluation.EnergyPj * layer.GetProperty("repeat").GetInt32();
        }
        Assert.Equal(best.GetProperty("latency_cycles").GetInt64(), cycles);
        Assert.InRange(energy / best.GetProperty("energy_pj").GetDouble(), 1 - 1e-9, 1 + 1e-9);
    }

    [Fact]
    public void The_complete_example_in_docs_hardware_md_loads_and_every_key_takes_effect()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "hardware.md"));
        var start = doc.IndexOf("```json", doc.IndexOf("## Your own architecture", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var json = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var folder = Path.Combine(_dir, "spaces");
        Directory.CreateDirectory(folder);
        var oracle = Path.Combine(TestPaths.Oracle, "arch").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "vector-pe.json"), json.Replace("../timeloop-oracle/arch", oracle, StringComparison.Ordinal));
        // Weight stationary across tiles: only input channels on X and output channels on Y.
        File.WriteAllText(Path.Combine(folder, "ws-tiles.constraints.yaml"),
            "constraints:\n  targets:\n  - {target: inter_tile_spatial, type: spatial, factors: [N=1, P=1, Q=1, R=1, S=1], permutation: [C, M, N, P, Q, R, S], split: 1}\n");
        var space = DesignSpace.Load(Path.Combine(folder, "vector-pe.json"));
        Assert.Equal(3 * 2 * 2 * 4 * 2 * 2 * 2, (int)space.Size);
        Assert.Equal(6.0, space.Constraints.MaxAreaMm2);
        Assert.Equal("as_designed", space.Default["dataflow"].ToString());
        Assert.Equal(16384, space.Default["glb_depth"].Number);
        var asDesigned = space.Build(space.Default);
        Assert.Equal(CostSource.Model, asDesigned.CostSources["glb"]);
        var ws = space.Build(space.Default.With("dataflow", ParameterValue.Of("ws_tiles")));
        Assert.Equal(["C", "M", "N", "P", "Q", "R", "S"], ws.Constraints["inter_tile_spatial"].SpatialPermutation.ToArray());
        Assert.NotEqual(asDesigned.Constraints["inter_tile_spatial"].SpatialPermutation, ws.Constraints["inter_tile_spatial"].SpatialPermutation);
    }

    // --- bad parameter files: file, line and key ---

    [Fact]
    public void A_path_to_a_node_the_architecture_lacks_names_the_file_line_and_key()
    {
        var file = WriteSpace("bad-node.json", SpaceOf("vector_pe"), json => json.Replace("\"tile.spatial.meshX\"", "\"tiles.spatial.meshX\"", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(file));
        Assert.Contains("bad-node.json:", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(file, "tiles.spatial.meshX"), e.Line);
        Assert.Contains("parameters.tiles_x.path", e.Message, StringComparison.Ordinal);
        Assert.Contains("no node named 'tiles'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_to_an_attribute_the_node_lacks_says_what_it_has()
    {
        var file = WriteSpace("bad-attr.json", SpaceOf("vector_pe"), json => json.Replace("\"glb.attributes.depth\"", "\"glb.attributes.size\"", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(file));
        Assert.Equal(LineOf(file, "glb.attributes.size"), e.Line);
        Assert.Contains("parameters.glb_depth.path", e.Message, StringComparison.Ordinal);
        Assert.Contains("has no 'attributes.size'", e.Message, StringComparison.Ordinal);
        Assert.Contains("depth", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_domain_value_that_makes_a_level_impossible_is_the_parameters_error()
    {
        // A zero-sized mesh is no architecture at all.
        var file = WriteSpace("bad-domain.json", SpaceOf("vector_pe"), json => json.Replace("\"values\": [4, 8] }", "\"values\": [0, 8] }", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(file));
        Assert.Contains("bad-domain.json:", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(file, "\"lanes\""), e.Line);
        Assert.Contains("parameters.lanes", e.Message, StringComparison.Ordinal);
        Assert.Contains("the value 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_file_for_another_architecture_is_refused_on_its_first_foreign_node()
    {
        // ws-regs' parameters against the row-stationary file.
        var file = WriteSpace("other-arch.json", Path.Combine(TestPaths.RepoRoot, "examples", "spaces", "ws-regs.json"),
            json => json.Replace("/ws-regs/", "/row-stationary/", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(file));
        Assert.Equal(LineOf(file, "pe.spatial.meshX"), e.Line);
        Assert.Contains("parameters.pe_cols.path", e.Message, StringComparison.Ordinal);
        Assert.Contains("another architecture", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_unknown_keys_and_bad_cost_sources_name_the_key()
    {
        var missing = WriteSpace("missing.json", SpaceOf("vector_pe"), json => json.Replace("vector_pe.ERT.yaml", "nope.ERT.yaml", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(missing));
        Assert.Contains("'ert'", e.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);

        var unknown = WriteSpace("unknown.json", SpaceOf("vector_pe"), json => json.Replace("\"constraints\": {", "\"constraint\": {", StringComparison.Ordinal));
        e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(unknown));
        Assert.Contains("'constraint'", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key", e.Message, StringComparison.Ordinal);

        var costs = WriteSpace("costs.json", SpaceOf("vector_pe"), json => json.Replace("\"constraints\": {", "\"costs\": { \"gbuf\": \"model\" },\n  \"constraints\": {", StringComparison.Ordinal));
        e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(costs));
        Assert.Contains("'costs.gbuf'", e.Message, StringComparison.Ordinal);
        Assert.Contains("no component named 'gbuf'", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(costs, "\"gbuf\""), e.Line);

        var source = WriteSpace("source.json", SpaceOf("vector_pe"), json => json.Replace("\"constraints\": {", "\"costs\": { \"glb\": \"cacti\" },\n  \"constraints\": {", StringComparison.Ordinal));
        e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(source));
        Assert.Contains("'costs.glb'", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"scaled\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_architecture_that_does_not_parse_names_its_own_file_and_line()
    {
        var arch = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(arch, "architecture:\n  version: 0.4\n  nodes:\n  - !Component\n    name: dram\n    class: DRAM\n    attributes: {type: LPDDR4, width: 64\n");
        var file = Path.Combine(_dir, "broken.json");
        File.WriteAllText(file, """{ "architecture": "broken.yaml", "parameters": { "w": { "path": "dram.attributes.width", "values": [64] } } }""");
        var e = Assert.Throws<UnicoInputException>(() => DesignSpace.Load(file));
        Assert.Contains("broken.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("broken.yaml", e.Message, StringComparison.Ordinal);
    }

    // A copy of a parameter file with its relative paths made absolute, edited by `edit`.
    private string WriteSpace(string name, string from, Func<string, string> edit)
    {
        var folder = Path.GetDirectoryName(from)!.Replace("\\", "/", StringComparison.Ordinal);
        var text = File.ReadAllText(from);
        foreach (var key in new[] { "architecture", "ert", "art" })
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.TryGetProperty(key, out var v) && !Path.IsPathRooted(v.GetString()!))
                text = text.Replace($"\"{v.GetString()}\"", $"\"{folder}/{v.GetString()}\"", StringComparison.Ordinal);
        }
        var file = Path.Combine(_dir, name);
        File.WriteAllText(file, edit(text));
        return file;
    }

    private static int LineOf(string file, string needle) =>
        File.ReadAllLines(file).Select((line, i) => (line, i)).First(x => x.line.Contains(needle, StringComparison.Ordinal)).i + 1;
}
