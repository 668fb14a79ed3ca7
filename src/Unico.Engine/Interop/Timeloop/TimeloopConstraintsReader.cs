using System.Collections.Immutable;
using Unico.Engine.CostModel;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Reads a Timeloop constraints file: <c>constraints: { targets: [...] }</c> (v0.4),
/// <c>architecture_constraints</c>, or the older <c>mapspace_constraints: [...]</c>, each target with
/// <c>type</c> temporal, spatial, dataspace/bypass, <c>factors</c>, <c>permutation</c>, <c>split</c>,
/// <c>keep</c> and <c>bypass</c>. Types that bound utilization are not used by Unico's mapper and are skipped.
/// </summary>
public static class TimeloopConstraintsReader
{
    private static readonly string[] RootKeys = ["constraints", "architecture_constraints", "mapspace_constraints", "mapspace"];

    /// <summary>Reads a constraints file into constraints per target name.</summary>
    public static ImmutableDictionary<string, LevelConstraints> Read(string path) => Read(YamlDocument.Load(path));

    /// <summary>Reads constraints from YAML text.</summary>
    public static ImmutableDictionary<string, LevelConstraints> Parse(string yaml, string name = "constraints") =>
        Read(YamlDocument.Parse(new StringReader(yaml), name));

    internal static ImmutableDictionary<string, LevelConstraints> Read(YamlDocument doc)
    {
        var node = doc.Root;
        for (var depth = 0; depth < 3 && node is YamlMappingNode map; depth++)
        {
            var inner = RootKeys.Select(k => YamlDocument.Find(map, k)).FirstOrDefault(n => n is not null)
                ?? YamlDocument.Find(map, "targets");
            if (inner is null) break;
            node = inner;
        }
        var list = doc.Sequence(node, "constraints targets");
        var result = new Dictionary<string, LevelConstraints>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            var target = doc.Mapping(item, "constraint");
            var name = doc.RequireString(target, "target", "constraint");
            var type = (doc.OptionalString(target, "type") ?? "temporal").Trim().ToLowerInvariant();
            var c = result.GetValueOrDefault(name) ?? LevelConstraints.None(name);
            switch (type)
            {
                case "temporal":
                    c = c with
                    {
                        TemporalFactors = Merge(c.TemporalFactors, YamlDocument.Find(target, "factors") is { } f ? FactorList.Parse(doc, f, "factors") : null),
                        TemporalPermutation = YamlDocument.Find(target, "permutation") is { } p ? FactorList.ParsePermutation(doc, p) : c.TemporalPermutation,
                    };
                    break;
                case "spatial":
                    c = c with
                    {
                        SpatialFactors = Merge(c.SpatialFactors, YamlDocument.Find(target, "factors") is { } sf ? FactorList.Parse(doc, sf, "factors") : null),
                        SpatialPermutation = YamlDocument.Find(target, "permutation") is { } sp ? FactorList.ParsePermutation(doc, sp) : c.SpatialPermutation,
                        SpatialSplit = YamlDocument.Find(target, "split") is { } s ? (int)doc.Integer(s, "split") : c.SpatialSplit,
                    };
                    break;
                case "dataspace" or "datatype" or "bypass":
                    c = c with
                    {
                        Keep = YamlDocument.Find(target, "keep") is { } k ? [.. c.Keep, .. doc.Names(k, "keep").Select(n => n.Name)] : c.Keep,
                        Bypass = YamlDocument.Find(target, "bypass") is { } b ? [.. c.Bypass, .. doc.Names(b, "bypass").Select(n => n.Name)] : c.Bypass,
                    };
                    break;
                case "utilization" or "parallelism" or "max_overbooked_proportion":
                    break;
                default:
                    throw doc.Error(item, $"unknown constraint type '{type}': expected temporal, spatial or dataspace", "type");
            }
            result[name] = c;
        }
        return result.ToImmutableDictionary();
    }

    /// <summary>Merges two constraint sets per target; the second adds to and overrides the first.</summary>
    public static ImmutableDictionary<string, LevelConstraints> Combine(
        IReadOnlyDictionary<string, LevelConstraints> first, IReadOnlyDictionary<string, LevelConstraints> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var result = first.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var (name, c) in second)
        {
            if (!result.TryGetValue(name, out var existing))
            {
                result[name] = c;
                continue;
            }
            result[name] = existing with
            {
                Keep = [.. existing.Keep.Union(c.Keep)],
                Bypass = [.. existing.Bypass.Union(c.Bypass)],
                TemporalFactors = Merge(existing.TemporalFactors, c.TemporalFactors),
                SpatialFactors = Merge(existing.SpatialFactors, c.SpatialFactors),
                TemporalPermutation = c.TemporalPermutation.IsEmpty ? existing.TemporalPermutation : c.TemporalPermutation,
                SpatialPermutation = c.SpatialPermutation.IsEmpty ? existing.SpatialPermutation : c.SpatialPermutation,
                SpatialSplit = c.SpatialSplit ?? existing.SpatialSplit,
            };
        }
        return result.ToImmutableDictionary();
    }

    private static ImmutableDictionary<string, int> Merge(ImmutableDictionary<string, int> a, ImmutableDictionary<string, int>? b) =>
        b is null ? a : a.SetItems(b);
}
