using System.Collections.Immutable;
using Unico.Engine.CostModel;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Reads a Timeloop mapping: a list of directives with <c>target</c> (a storage level, a fan-out
/// level such as <c>inter_PE_spatial</c>, or the container that created it), <c>type</c>
/// (<c>temporal</c>, <c>spatial</c>, <c>datatype</c>/<c>dataspace</c>/<c>bypass</c>), <c>factors</c>,
/// <c>permutation</c> (innermost loop first), <c>split</c>, <c>keep</c> and <c>bypass</c>.
/// Unspecified factors are 1; unlisted dimensions go to the outer end of a permutation; a level
/// without keep/bypass directives keeps what its architecture constraints allow.
/// </summary>
public static class TimeloopMappingReader
{
    /// <summary>Reads a mapping file for a problem on an architecture.</summary>
    public static MappingSpec Read(string path, Problem problem, TimeloopArchitecture architecture) =>
        Read(YamlDocument.Load(path), problem, architecture);

    /// <summary>Reads a mapping from YAML text.</summary>
    public static MappingSpec Parse(string yaml, Problem problem, TimeloopArchitecture architecture, string name = "mapping") =>
        Read(YamlDocument.Parse(new StringReader(yaml), name), problem, architecture);

    internal static MappingSpec Read(YamlDocument doc, Problem problem, TimeloopArchitecture spec)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(spec);
        var arch = spec.Architecture;
        var shape = problem.Shape;
        var dims = shape.Dimensions.Length;
        var spaces = shape.DataSpaces.Length;
        var levels = arch.Levels.Length;

        YamlNode listNode = doc.Root;
        if (doc.Root is YamlMappingNode rootMap)
            listNode = YamlDocument.Find(rootMap, "mapping") ?? throw doc.Error(rootMap, "expected a top-level 'mapping' list", "mapping");
        var directives = doc.Sequence(listNode, "mapping");

        var temporal = new int[levels, dims];
        var spatial = new int[levels, dims];
        var temporalOrder = new List<int>?[levels];
        var spatialOrder = new List<int>?[levels];
        var split = new int?[levels];
        var keep = new bool?[levels, spaces];
        var seenTemporal = new bool[levels];
        var seenSpatial = new bool[levels];
        for (var l = 0; l < levels; l++)
        {
            for (var x = 0; x < dims; x++)
            {
                temporal[l, x] = 1;
                spatial[l, x] = 1;
            }
        }

        foreach (var item in directives.Children)
        {
            var d = doc.Mapping(item, "mapping directive");
            var targetNode = doc.Require(d, "target", "mapping directive");
            var target = doc.Scalar(targetNode, "target");
            var type = (doc.OptionalString(d, "type") ?? "temporal").Trim().ToLowerInvariant();
            var level = ResolveTarget(doc, targetNode, target, spec);
            switch (type)
            {
                case "temporal":
                {
                    if (seenTemporal[level]) throw doc.Error(item, $"a second temporal directive for {target}", "target");
                    seenTemporal[level] = true;
                    ReadFactors(doc, d, shape, temporal, level);
                    if (YamlDocument.Find(d, "permutation") is { } p) temporalOrder[level] = Permutation(doc, p, shape);
                    break;
                }
                case "spatial":
                {
                    // A spatial directive on a level whose fan-out is carried by the container level below it.
                    if (arch.Levels[level].Fanout == 1 && level + 1 < levels && arch.Levels[level + 1].IsSpatialDummy) level++;
                    if (seenSpatial[level]) throw doc.Error(item, $"a second spatial directive for {target}", "target");
                    seenSpatial[level] = true;
                    ReadFactors(doc, d, shape, spatial, level);
                    if (YamlDocument.Find(d, "permutation") is { } p) spatialOrder[level] = Permutation(doc, p, shape);
                    if (YamlDocument.Find(d, "split") is { } s)
                    {
                        var value = doc.Integer(s, "split");
                        if (value < 0) throw doc.Error(s, $"split must be zero or positive, got {value}", "split");
                        split[level] = (int)Math.Min(value, dims);
                    }
                    break;
                }
                case "datatype" or "dataspace" or "bypass":
                {
                    if (YamlDocument.Find(d, "keep") is { } k) SetKeep(doc, k, shape, keep, level, true);
                    if (YamlDocument.Find(d, "bypass") is { } b) SetKeep(doc, b, shape, keep, level, false);
                    break;
                }
                default:
                    throw doc.Error(item, $"unknown directive type '{type}': expected temporal, spatial or datatype", "type");
            }
        }

        var result = ImmutableArray.CreateBuilder<LevelMapping>(levels);
        for (var l = 0; l < levels; l++)
        {
            var level = arch.Levels[l];
            var constraints = spec.Constraints.GetValueOrDefault(level.Name);
            var keepRow = new bool[spaces];
            for (var s = 0; s < spaces; s++)
                keepRow[s] = !level.IsSpatialDummy && (keep[l, s] ?? DefaultKeep(constraints, shape.DataSpaces[s].Name));
            var defaultSplit = level.FanoutX == 1 && level.FanoutY > 1 ? 0 : dims;
            result.Add(new LevelMapping(
                [.. Row(temporal, l, dims)], [.. Complete(temporalOrder[l], dims)],
                [.. Row(spatial, l, dims)], [.. Complete(spatialOrder[l], dims)],
                split[l] ?? defaultSplit,
                [.. keepRow]));
        }
        return new MappingSpec(result.MoveToImmutable());
    }

    private static int ResolveTarget(YamlDocument doc, YamlNode at, string target, TimeloopArchitecture spec)
    {
        var arch = spec.Architecture;
        var index = arch.LevelIndex(target);
        if (index < 0 && spec.ContainerLevels.TryGetValue(target, out var dummy)) index = arch.LevelIndex(dummy);
        if (index >= 0) return index;
        if (string.Equals(target, arch.Compute.Name, StringComparison.Ordinal))
            throw doc.Error(at, $"'{target}' is the compute unit; map loops to a storage level above it", "target");
        var names = arch.Levels.Select(l => l.Name).Concat(spec.ContainerLevels.Keys);
        throw doc.Error(at, $"unknown target '{target}': the architecture has no such level (levels: {string.Join(", ", names)})", "target");
    }

    private static void ReadFactors(YamlDocument doc, YamlMappingNode directive, ProblemShape shape, int[,] factors, int level)
    {
        if (YamlDocument.Find(directive, "factors") is not { } node) return;
        foreach (var (name, value) in FactorList.Parse(doc, node, "factors"))
        {
            var x = shape.DimensionIndex(name);
            if (x < 0) throw doc.Error(node, $"unknown dimension '{name}' (dimensions: {string.Join(", ", shape.Dimensions)})", "factors");
            factors[level, x] = value;
        }
    }

    private static List<int> Permutation(YamlDocument doc, YamlNode node, ProblemShape shape)
    {
        var order = new List<int>();
        foreach (var token in FactorList.ParsePermutation(doc, node))
        {
            var x = shape.DimensionIndex(token);
            if (x < 0) throw doc.Error(node, $"unknown dimension '{token}' in permutation (dimensions: {string.Join(", ", shape.Dimensions)})", "permutation");
            if (order.Contains(x)) throw doc.Error(node, $"dimension '{token}' appears twice in permutation", "permutation");
            order.Add(x);
        }
        return order;
    }

    private static void SetKeep(YamlDocument doc, YamlNode node, ProblemShape shape, bool?[,] keep, int level, bool value)
    {
        foreach (var (name, at) in doc.Names(node, value ? "keep" : "bypass"))
        {
            var s = shape.DataSpaceIndex(name);
            if (s < 0) throw doc.Error(at, $"unknown data space '{name}' (data spaces: {string.Join(", ", shape.DataSpaces.Select(d => d.Name))})", value ? "keep" : "bypass");
            if (keep[level, s] is { } previous && previous != value)
                throw doc.Error(at, $"data space '{name}' is both kept and bypassed", value ? "keep" : "bypass");
            keep[level, s] = value;
        }
    }

    private static bool DefaultKeep(LevelConstraints? constraints, string space)
    {
        if (constraints is null) return true;
        if (constraints.Bypass.Contains(space)) return false;
        return constraints.Keep.IsEmpty || constraints.Keep.Contains(space);
    }

    private static int[] Row(int[,] values, int level, int dims)
    {
        var row = new int[dims];
        for (var x = 0; x < dims; x++) row[x] = values[level, x];
        return row;
    }

    private static List<int> Complete(List<int>? order, int dims)
    {
        var result = order is null ? [] : new List<int>(order);
        for (var x = 0; x < dims; x++)
        {
            if (!result.Contains(x)) result.Add(x);
        }
        return result;
    }
}
