using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Unico.Engine.CostModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Writes an architecture as a Timeloop v0.4 architecture file (<c>architecture.nodes</c>), with
/// its constraints, so that Timeloop and <see cref="TimeloopArchitectureReader"/> read it back as
/// the same levels: storage levels as components (depth, width, datawidth, bandwidths), fan-out
/// levels as containers with their mesh and spatial constraints, the compute unit last. A storage
/// level that fans out itself (a PE's vector of MACs) is followed by a container named
/// <c>LEVEL_vector</c>, whose fan-out level <c>inter_LEVEL_vector_spatial</c> then carries that
/// fan-out; <see cref="TranslateMapping"/> moves a mapping's spatial loops there.
/// </summary>
public static class TimeloopArchitectureWriter
{
    /// <summary>The architecture file text.</summary>
    /// <param name="architecture">The levels.</param>
    /// <param name="constraints">Constraints per level name (conv2d dimension names).</param>
    /// <param name="containerLevels">Container name to fan-out level name, to name the containers.</param>
    /// <param name="technology">The technology attribute written on the top container (informational: the tables carry the energies).</param>
    public static string Write(Architecture architecture, IReadOnlyDictionary<string, LevelConstraints> constraints,
        IReadOnlyDictionary<string, string> containerLevels, string technology = "65nm")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(containerLevels);
        var c = CultureInfo.InvariantCulture;
        var containerOf = containerLevels.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var w = new StringBuilder();
        w.Append("architecture:\n  version: 0.4\n  nodes:\n");
        w.Append(c, $"  - !Container\n    name: system\n    attributes: {{technology: \"{technology}\", global_cycle_seconds: 1e-9}}\n");
        foreach (var level in architecture.Levels)
        {
            var lc = constraints.GetValueOrDefault(level.Name);
            if (level.IsSpatialDummy)
            {
                var name = containerOf.TryGetValue(level.Name, out var n) ? n : ContainerName(level.Name);
                WriteContainer(w, name, level, lc);
                continue;
            }
            w.Append(c, $"  - !Component\n    name: {level.Name}\n");
            var width = (long)level.BlockSize * level.WordBits;
            if (level.SizeWords is not { } size)
            {
                w.Append("    class: DRAM\n");
                w.Append(c, $"    attributes: {{type: \"LPDDR4\", width: {width}, datawidth: {level.WordBits}");
            }
            else
            {
                var depth = size / level.BlockSize;
                // The class tells Accelergy how to estimate; the energy table written beside fixes the numbers.
                var cls = depth * width >= 16384 ? "smartbuffer_SRAM" : "smartbuffer_RF";
                w.Append(c, $"    class: {cls}\n");
                w.Append(c, $"    attributes: {{depth: {depth}, width: {width}, datawidth: {level.WordBits}");
                if (level.MultipleBuffering != 1) w.Append(c, $", multiple_buffering: {Number(level.MultipleBuffering)}");
            }
            if (level.ReadBandwidth is { } r) w.Append(c, $", read_bandwidth: {Number(r)}");
            if (level.WriteBandwidth is { } wb) w.Append(c, $", write_bandwidth: {Number(wb)}");
            if (level.SharedBandwidth is { } sb) w.Append(c, $", shared_bandwidth: {Number(sb)}");
            w.Append("}\n");
            WriteConstraints(w, lc, temporal: true, spatial: false, "    ");
            if (level.Fanout > 1) WriteContainer(w, level.Name + "_vector", level, lc);
        }
        var compute = architecture.Compute;
        w.Append(c, $"  - !Component\n    name: {compute.Name}\n    class: intmac\n    attributes: {{multiplier_width: 8, adder_width: 16}}\n");
        return w.ToString();
    }

    /// <summary>
    /// A mapping of <paramref name="from"/> expressed for <paramref name="to"/>, the same levels
    /// read back from <see cref="Write"/>: a storage level's own spatial loops move to the fan-out
    /// level that follows it in <paramref name="to"/>.
    /// </summary>
    public static MappingSpec TranslateMapping(MappingSpec mapping, Architecture from, Architecture to, int dataSpaces)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var dims = mapping.Levels[0].TemporalFactors.Length;
        var ones = ImmutableArray.CreateRange(Enumerable.Repeat(1, dims));
        var natural = ImmutableArray.CreateRange(Enumerable.Range(0, dims));
        var none = ImmutableArray.CreateRange(Enumerable.Repeat(false, dataSpaces));
        var levels = ImmutableArray.CreateBuilder<LevelMapping>(to.Levels.Length);
        LevelMapping? carried = null;
        foreach (var level in to.Levels)
        {
            var i = from.LevelIndex(level.Name);
            if (i >= 0)
            {
                var m = mapping.Levels[i];
                if (level.Fanout == 1 && from.Levels[i].Fanout > 1)
                {
                    carried = m;
                    m = m with { SpatialFactors = ones, SpatialOrder = natural, SpatialSplit = dims };
                }
                levels.Add(m);
            }
            else if (carried is not null)
            {
                levels.Add(new LevelMapping(ones, natural, carried.SpatialFactors, carried.SpatialOrder, carried.SpatialSplit, none));
                carried = null;
            }
            else
            {
                levels.Add(new LevelMapping(ones, natural, ones, natural, dims, none));
            }
        }
        return new MappingSpec(levels.MoveToImmutable());
    }

    /// <summary>The container name Timeloop's front-end turns into a fan-out level of this name (<c>inter_NAME_spatial</c>).</summary>
    public static string ContainerName(string fanoutLevel) =>
        fanoutLevel.StartsWith("inter_", StringComparison.Ordinal) && fanoutLevel.EndsWith("_spatial", StringComparison.Ordinal)
            ? fanoutLevel["inter_".Length..^"_spatial".Length]
            : fanoutLevel;

    private static void WriteContainer(StringBuilder w, string name, StorageLevel level, LevelConstraints? lc)
    {
        var c = CultureInfo.InvariantCulture;
        w.Append(c, $"  - !Container\n    name: {name}\n    spatial: {{meshX: {level.FanoutX}, meshY: {level.FanoutY}}}\n");
        WriteConstraints(w, lc, temporal: false, spatial: true, "    ");
    }

    private static void WriteConstraints(StringBuilder w, LevelConstraints? lc, bool temporal, bool spatial, string indent)
    {
        if (lc is null) return;
        var parts = new List<string>();
        if (temporal && (!lc.Keep.IsEmpty || !lc.Bypass.IsEmpty))
        {
            var items = new List<string>();
            if (!lc.Keep.IsEmpty) items.Add($"keep: [{string.Join(", ", lc.Keep)}]");
            if (!lc.Bypass.IsEmpty) items.Add($"bypass: [{string.Join(", ", lc.Bypass)}]");
            parts.Add($"dataspace: {{{string.Join(", ", items)}}}");
        }
        if (temporal && (!lc.TemporalFactors.IsEmpty || !lc.TemporalPermutation.IsEmpty))
            parts.Add($"temporal: {{{Loops(lc.TemporalFactors, lc.TemporalPermutation, null)}}}");
        if (spatial && (!lc.SpatialFactors.IsEmpty || !lc.SpatialPermutation.IsEmpty || lc.SpatialSplit is not null))
            parts.Add($"spatial: {{{Loops(lc.SpatialFactors, lc.SpatialPermutation, lc.SpatialSplit)}}}");
        if (parts.Count == 0) return;
        w.Append(indent).Append("constraints:\n");
        foreach (var part in parts) w.Append(indent).Append("  ").Append(part).Append('\n');
    }

    private static string Loops(ImmutableDictionary<string, int> factors, ImmutableArray<string> permutation, int? split)
    {
        var items = new List<string>();
        if (!factors.IsEmpty)
            items.Add($"factors: [{string.Join(", ", factors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")))}]");
        if (!permutation.IsEmpty) items.Add($"permutation: [{string.Join(", ", permutation)}]");
        if (split is { } s) items.Add(string.Create(CultureInfo.InvariantCulture, $"split: {s}"));
        return string.Join(", ", items);
    }

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
