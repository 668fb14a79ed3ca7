using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Workloads;

namespace Unico.Engine.CoSearch;

/// <summary>One layer of an exported design: its problem, its best mapping and what it costs.</summary>
/// <param name="Name">Layer name (the first of the workload's layers with this shape).</param>
/// <param name="Problem">The layer.</param>
/// <param name="MappingYaml">Its best mapping, as the co-search recorded it (a Timeloop mapping file).</param>
/// <param name="Repeat">How many times the workload runs it.</param>
public sealed record ExportedLayer(string Name, Problem Problem, string MappingYaml, int Repeat);

/// <summary>What an export wrote: per layer the cycles and energy Unico computes on the written files.</summary>
/// <param name="Directory">The output folder.</param>
/// <param name="Layers">Per layer: name, folder, cycles, energy (pJ).</param>
public sealed record ExportSummary(string Directory, IReadOnlyList<(string Name, string Folder, long Cycles, double EnergyPj)> Layers);

/// <summary>
/// Writes a design point as files Timeloop and Accelergy take: <c>arch.yaml</c> (Timeloop v0.4),
/// <c>ERT.yaml</c> and <c>ART.yaml</c> (the energies and areas Unico used), and per distinct layer
/// <c>layers/LAYER/problem.yaml</c>, <c>map.yaml</c> (the best mapping found, complete) and
/// <c>expected.json</c> (Unico's <c>cycles</c> and <c>energy_pj</c> for those files), so that
/// <c>timeloop-model</c> on them reproduces Unico's numbers. The expected figures are computed by
/// reading the written files back, so they are what the files say.
/// </summary>
public static class DesignExport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Exports point <paramref name="pointId"/> of the run whose results <c>unico search --out</c> wrote to <paramref name="runDirectory"/>.</summary>
    public static ExportSummary FromRun(string runDirectory, int pointId, string outDirectory)
    {
        var file = Path.Combine(runDirectory, "result.json");
        if (!File.Exists(file)) throw new UnicoInputException("not found: give the folder `unico search --out` wrote", file);
        return FromResult(File.ReadAllText(file), file, pointId, outDirectory);
    }

    /// <summary>
    /// Exports point <paramref name="pointId"/> of a run's result (the text of its <c>result.json</c>,
    /// named <paramref name="file"/> in errors); the config's space and workloads are read from where it names them.
    /// </summary>
    public static ExportSummary FromResult(string resultJson, string file, int pointId, string outDirectory)
    {
        using var doc = JsonDocument.Parse(resultJson);
        var root = doc.RootElement;
        var config = CoSearchConfigJson.Parse(root.GetProperty("config").GetRawText(), file);
        var point = root.GetProperty("points").EnumerateArray().FirstOrDefault(p => p.GetProperty("id").GetInt32() == pointId);
        if (point.ValueKind == JsonValueKind.Undefined)
            throw new UnicoInputException($"the run has no point {pointId} (points 0 to {root.GetProperty("points").GetArrayLength() - 1})", file, field: "--point");
        if (!point.GetProperty("feasible").GetBoolean())
            throw new UnicoInputException($"point {pointId} is not a feasible design: {point.GetProperty("infeasible_reason").GetString()}", file, field: "--point");

        DesignSpace space;
        try
        {
            space = DesignSpace.Resolve(config.Space);
        }
        catch (UnicoInputException e) when (e.Line is null)
        {
            // A relative space file is relative to where the search ran.
            throw new UnicoInputException($"the run's space '{config.Space}' cannot be read from here ({e.Detail}); run the export from the folder the search ran in", file, field: "config.space");
        }
        var values = point.GetProperty("parameters").EnumerateObject().Select(p =>
        {
            var text = p.Value.GetString()!;
            var categorical = space.Parameter(p.Name).Domain.IsCategorical;
            return KeyValuePair.Create(p.Name, categorical ? ParameterValue.Of(text) : ParameterValue.Of(long.Parse(text, CultureInfo.InvariantCulture)));
        });
        var design = space.Complete(new DesignPoint(values));

        var workload = Workload.Combine([.. config.TrainingWorkloads.Select(WorkloadCatalog.Resolve)], "training");
        var layers = new List<ExportedLayer>();
        foreach (var layer in point.GetProperty("layers").EnumerateArray())
        {
            if (layer.GetProperty("mapping").GetString() is not { } mapping) continue;
            var name = layer.GetProperty("layers")[0].GetString()!;
            var found = workload.Find(name) ?? throw new UnicoInputException($"the run's workload has no layer '{name}'", file);
            layers.Add(new ExportedLayer(name, found.Problem, mapping, layer.GetProperty("repeat").GetInt32()));
        }
        return Write(space, design, layers, outDirectory);
    }

    /// <summary>Exports a design point of a space with the best mapping of each of its layers.</summary>
    public static ExportSummary Write(DesignSpace space, DesignPoint point, IReadOnlyList<ExportedLayer> layers, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(layers);
        var hardware = space.Build(point);
        Directory.CreateDirectory(outDirectory);

        // The tables first: the architecture file is read back with them, as Timeloop would.
        var archYaml = hardware.ArchitectureYaml();
        var ertYaml = AccelergyTables.WriteEnergy(hardware.Architecture);
        var written = TimeloopArchitectureReader.Read(archYaml, AccelergyTables.Parse(ertYaml, "ERT.yaml"),
            AccelergyTables.Parse(AccelergyTables.WriteArea(hardware.Architecture), "ART.yaml"), "arch.yaml");
        File.WriteAllText(Path.Combine(outDirectory, "arch.yaml"), archYaml);
        File.WriteAllText(Path.Combine(outDirectory, "ERT.yaml"), AccelergyTables.WriteEnergy(written.Architecture));
        File.WriteAllText(Path.Combine(outDirectory, "ART.yaml"), AccelergyTables.WriteArea(written.Architecture));
        File.WriteAllText(Path.Combine(outDirectory, "point.json"), point.ToJson());

        var source = hardware.ToTimeloop();
        var summary = new List<(string, string, long, double)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var folder = FolderName(layer.Name, used);
            var dir = Path.Combine(outDirectory, "layers", folder);
            Directory.CreateDirectory(dir);
            var mapping = TimeloopMappingReader.Parse(layer.MappingYaml, layer.Problem, source, layer.Name);
            var translated = TimeloopArchitectureWriter.TranslateMapping(mapping, hardware.Architecture, written.Architecture, layer.Problem.Shape.DataSpaces.Length);
            var mapYaml = TimeloopMappingWriter.Write(translated, layer.Problem, written.Architecture);
            var problemYaml = TimeloopProblemWriter.Write(layer.Problem);
            File.WriteAllText(Path.Combine(dir, "problem.yaml"), problemYaml);
            File.WriteAllText(Path.Combine(dir, "map.yaml"), mapYaml);

            // What the written files say, read back as `unico model` reads them.
            var problem = TimeloopProblemReader.Parse(problemYaml, "problem.yaml");
            var evaluation = new CostModelEvaluator(problem, written.Architecture).EvaluateDetailed(TimeloopMappingReader.Parse(mapYaml, problem, written, "map.yaml"));
            if (!evaluation.IsValid) throw new UnicoInputException($"layer {layer.Name}: the exported mapping is not valid: {evaluation.InvalidReason}");
            var expected = new JsonObject
            {
                ["layer"] = layer.Name,
                ["repeat"] = layer.Repeat,
                ["cycles"] = evaluation.Cycles,
                ["energy_pj"] = evaluation.EnergyPj,
                ["computes"] = evaluation.Computes,
                ["utilization"] = evaluation.Utilization,
            };
            File.WriteAllText(Path.Combine(dir, "expected.json"), expected.ToJsonString(Indented) + "\n");
            summary.Add((layer.Name, folder, evaluation.Cycles, evaluation.EnergyPj));
        }
        return new ExportSummary(outDirectory, summary);
    }

    // Layer names may hold characters a file name cannot ("ResNet-18/conv1"); keep them unique.
    private static string FolderName(string layer, HashSet<string> used)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string([.. layer.Select(c => invalid.Contains(c) || c == '.' ? '_' : c)]);
        var unique = name;
        for (var i = 2; !used.Add(unique); i++) unique = $"{name}_{i}";
        return unique;
    }
}
