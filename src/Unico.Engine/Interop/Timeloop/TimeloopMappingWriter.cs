using System.Globalization;
using System.Text;
using Unico.Engine.CostModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Writes a mapping as a Timeloop v0.4 mapping file (temporal, spatial and datatype directives,
/// permutations innermost first), which Timeloop and <see cref="TimeloopMappingReader"/> both read.
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
            var level = architecture.Levels[l];
            var m = mapping.Levels[l];
            if (!level.IsSpatialDummy)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - target: {level.Name}\n    type: temporal\n");
                text.Append(CultureInfo.InvariantCulture, $"    factors: {Factors(m.TemporalFactors)}\n");
                text.Append(CultureInfo.InvariantCulture, $"    permutation: {Permutation(m.TemporalOrder)}\n");
            }
            if (level.Fanout > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - target: {level.Name}\n    type: spatial\n");
                text.Append(CultureInfo.InvariantCulture, $"    factors: {Factors(m.SpatialFactors)}\n");
                text.Append(CultureInfo.InvariantCulture, $"    permutation: {Permutation(m.SpatialOrder)}\n");
                text.Append(CultureInfo.InvariantCulture, $"    split: {m.SpatialSplit}\n");
            }
            if (!level.IsSpatialDummy)
            {
                var keep = problem.Shape.DataSpaces.Where((_, s) => m.Keep[s]).Select(d => d.Name);
                var bypass = problem.Shape.DataSpaces.Where((_, s) => !m.Keep[s]).Select(d => d.Name);
                text.Append(CultureInfo.InvariantCulture, $"  - target: {level.Name}\n    type: datatype\n");
                text.Append(CultureInfo.InvariantCulture, $"    keep: [{string.Join(", ", keep)}]\n");
                text.Append(CultureInfo.InvariantCulture, $"    bypass: [{string.Join(", ", bypass)}]\n");
            }
        }
        return text.ToString();
    }
}
