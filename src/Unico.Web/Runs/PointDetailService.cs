using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Workloads;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>One line of a loop nest.</summary>
/// <param name="Depth">Indentation.</param>
/// <param name="Text">The loop or the level heading.</param>
/// <param name="IsLevel">A storage level heading rather than a loop.</param>
public sealed record LoopLine(int Depth, string Text, bool IsLevel);

/// <summary>One distinct layer of a hardware point, re-evaluated with its best mapping.</summary>
/// <param name="Index">Position in the point's layer list.</param>
/// <param name="Layers">Workload layers that share it.</param>
/// <param name="Repeat">Runs per inference.</param>
/// <param name="Shape">Problem dimensions, e.g. C=64 M=128 ...</param>
/// <param name="Macs">MACs of one run.</param>
/// <param name="Cycles">Cycles of one run (as the search found them).</param>
/// <param name="EnergyPj">Energy of one run, pJ.</param>
/// <param name="SearchEvaluations">Mappings the search evaluated for it.</param>
/// <param name="MappingYaml">The best mapping as Timeloop YAML.</param>
/// <param name="Evaluation">The cost model's full result for that mapping (levels, tensors), or null.</param>
/// <param name="LoopNest">The mapping as a loop nest, outermost first.</param>
/// <param name="Error">Why there is no detail (no valid mapping, or it could not be read).</param>
public sealed record LayerDetail(int Index, IReadOnlyList<string> Layers, int Repeat, string Shape, long Macs, long Cycles, double EnergyPj, long SearchEvaluations,
    string? MappingYaml, Evaluation? Evaluation, IReadOnlyList<LoopLine> LoopNest, string? Error);

/// <summary>What the point page shows.</summary>
/// <param name="Parameters">All hardware parameters.</param>
/// <param name="FreeParameters">Names of the parameters the space searches.</param>
/// <param name="Architecture">The built architecture, or null.</param>
/// <param name="Layers">Per distinct layer.</param>
/// <param name="HardwareError">Why the hardware could not be built.</param>
/// <param name="PointJson">The design point as JSON (for `unico spaces build --point`).</param>
public sealed record PointDetail(IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<string> FreeParameters, Architecture? Architecture,
    IReadOnlyList<LayerDetail> Layers, string? HardwareError, string? PointJson);

/// <summary>
/// Rebuilds a stored hardware point and re-evaluates the best mapping of each of its layers with
/// the cost model, for the per-level breakdowns of the point page. Inputs come from the run's
/// resolved config (built-in names or the app's own snapshot files).
/// </summary>
public static class PointDetailService
{
    /// <summary>Builds the detail; never throws for a damaged or missing input (the error is reported instead).</summary>
    public static PointDetail Build(RunEntity run, PointEntity point)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(point);
        var parameters = RunStore.Parameters(point);
        DesignSpace space;
        CoSearchConfig config;
        try
        {
            config = CoSearchConfigJson.Parse(run.ResolvedConfigJson, "config");
            space = DesignSpace.Resolve(config.Space);
        }
        catch (UnicoInputException e)
        {
            return new PointDetail(parameters, [], null, [], e.Message, null);
        }
        var free = space.FreeParameters.Select(p => p.Name).ToList();
        BuiltHardware hardware;
        string pointJson;
        try
        {
            var design = space.ParsePoint(RunStore.Design(point, space).ToJson(), "point");
            pointJson = design.ToJson();
            hardware = space.Build(design);
        }
        catch (UnicoInputException e)
        {
            return new PointDetail(parameters, free, null, [], point.InfeasibleReason ?? e.Message, null);
        }

        Workload workload;
        try
        {
            workload = Workload.Combine([.. config.TrainingWorkloads.Select(WorkloadCatalog.Resolve)], "training");
        }
        catch (UnicoInputException e)
        {
            return new PointDetail(parameters, free, hardware.Architecture, [], e.Message, pointJson);
        }
        var timeloop = hardware.ToTimeloop();
        var layers = new List<LayerDetail>();
        var outcomes = RunStore.Layers(point);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var o = outcomes[i];
            var layer = o.Layers.Count > 0 ? workload.Find(o.Layers[0]) : null;
            if (layer is null)
            {
                layers.Add(new LayerDetail(i, o.Layers, o.Repeat, "", 0, o.Cycles, o.EnergyPj, o.Evaluations, o.Mapping, null, [], "the layer is not in the workload"));
                continue;
            }
            var shape = string.Join(" ", layer.Dimensions.Select((d, k) => $"{d}={layer.Problem.Bounds[k]}"));
            if (o.Mapping is null)
            {
                layers.Add(new LayerDetail(i, o.Layers, o.Repeat, shape, layer.Macs, o.Cycles, o.EnergyPj, o.Evaluations, null, null, [], "no valid mapping was found"));
                continue;
            }
            try
            {
                var mapping = TimeloopMappingReader.Parse(o.Mapping, layer.Problem, timeloop, "mapping");
                var evaluation = new CostModelEvaluator(layer.Problem, hardware.Architecture).EvaluateDetailed(mapping);
                layers.Add(new LayerDetail(i, o.Layers, o.Repeat, shape, layer.Macs, o.Cycles, o.EnergyPj, o.Evaluations, o.Mapping, evaluation,
                    LoopNest(mapping, layer.Problem, hardware.Architecture), evaluation.IsValid ? null : evaluation.InvalidReason));
            }
            catch (UnicoInputException e)
            {
                layers.Add(new LayerDetail(i, o.Layers, o.Repeat, shape, layer.Macs, o.Cycles, o.EnergyPj, o.Evaluations, o.Mapping, null, [], e.Message));
            }
        }
        return new PointDetail(parameters, free, hardware.Architecture, layers, null, pointJson);
    }

    /// <summary>A mapping as a loop nest: per level (outermost first) its temporal loops, then its spatial loops.</summary>
    public static IReadOnlyList<LoopLine> LoopNest(MappingSpec mapping, Problem problem, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(architecture);
        var lines = new List<LoopLine>();
        var dims = problem.Shape.Dimensions;
        var depth = 0;
        for (var l = 0; l < mapping.Levels.Length && l < architecture.Levels.Length; l++)
        {
            var m = mapping.Levels[l];
            var level = architecture.Levels[l];
            var kept = problem.Shape.DataSpaces.Where((_, j) => j < m.Keep.Length && m.Keep[j]).Select(d => d.Name).ToList();
            lines.Add(new LoopLine(depth, level.IsSpatialDummy ? level.Name : $"{level.Name}  (keeps {(kept.Count == 0 ? "nothing" : string.Join(", ", kept))})", true));
            for (var k = m.TemporalOrder.Length - 1; k >= 0; k--)
            {
                var d = m.TemporalOrder[k];
                if (m.TemporalFactors[d] > 1) lines.Add(new LoopLine(++depth, $"for {dims[d]} in [0:{m.TemporalFactors[d]})", false));
            }
            for (var k = m.SpatialOrder.Length - 1; k >= 0; k--)
            {
                var d = m.SpatialOrder[k];
                if (m.SpatialFactors[d] > 1)
                    lines.Add(new LoopLine(++depth, $"spatial_for {dims[d]} in [0:{m.SpatialFactors[d]})  ({(k < m.SpatialSplit ? "X" : "Y")})", false));
            }
        }
        lines.Add(new LoopLine(depth + 1, $"{architecture.Compute.Name}: multiply-accumulate", true));
        return lines;
    }
}
