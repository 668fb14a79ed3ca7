using System.Globalization;
using System.Text;
using Unico.Engine.CostModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Writes a mapping as a complete Timeloop v0.4 mapping file: for every level, fan-out levels
/// included, its temporal, spatial (where it fans out) and datatype directives, permutations
/// innermost first. Timeloop and <see cref="TimeloopMappingReader"/> both read it.
/// </summary>
public static class TimeloopMappingWriter
{
    /// <summary>The mapping as YAML text.</summary>
    public static string Write(MappingSpec mapping, Problem problem, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(architecture);
        var dims = problem.Shape.Dimensions;
        var single = dims.All(d => d.Length == 1);
        string Factors(IReadOnlyList<int> factors) =>
            string.Join(" ", dims.Select((d, i) => $"{d}={factors[i].ToString(CultureInfo.InvariantCulture)}"));
        string Permutation(IEnumerable<int> order) => single
            ? string.Concat(order.Select(i => dims[i]))
            : "[" + string.Join(", ", order.Select(i => dims[i])) + "]";

        var text = new StringBuilder();
        text.Append("mapping:\n");
        for (var l = 0; l < architecture.Levels.Length; l++)
        {
            // Every level gets its temporal and datatype directives, the fan-out levels Timeloop
            // creates for containers too (they hold nothing): without them Timeloop would let a
            // fan-out level keep every tensor and refuse the mapping for its capacity of one.
            var level = architecture.Levels[l];
            var m = mapping.Levels[l];
            text.Append(CultureInfo.InvariantCulture, $"  - target: {level.Name}\n    type: temporal\n");
            text.Append(CultureInfo.InvariantCulture, $"    factors: {Factors(m.TemporalFactors)}\n");
            text.Append(CultureInfo.InvariantCulture, $"    permutation: {Permutation(m.TemporalOrder)}\n");
            if (level.Fanout > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - target: {level.Name}\n    type: spatial\n");
                text.Append(CultureInfo.InvariantCulture, $"    factors: {Factors(m.SpatialFactors)}\n");
                text.Append(CultureInfo.InvariantCulture, $"    permutation: {Permutation(m.SpatialOrder)}\n");
                text.Append(CultureInfo.InvariantCulture, $"    split: {m.SpatialSplit}\n");
            }
            var kept = problem.Shape.DataSpaces.Select((_, s) => m.Keep[s] && !level.IsSpatialDummy).ToArray();
            var keep = problem.Shape.DataSpaces.Where((_, s) => kept[s]).Select(d => d.Name);
            var bypass = problem.Shape.DataSpaces.Where((_, s) => !kept[s]).Select(d => d.Name);
            text.Append(CultureInfo.InvariantCulture, $"  - target: {level.Name}\n    type: datatype\n");
            text.Append(CultureInfo.InvariantCulture, $"    keep: [{string.Join(", ", keep)}]\n");
            text.Append(CultureInfo.InvariantCulture, $"    bypass: [{string.Join(", ", bypass)}]\n");
        }
        return text.ToString();
    }
}
