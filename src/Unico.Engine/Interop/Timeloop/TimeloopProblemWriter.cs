using System.Globalization;
using System.Text;
using Unico.Engine.CostModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Writes a problem as a Timeloop v0.4 problem file (shape with dimensions, coefficients and data
/// spaces, and the instance), which Timeloop and <see cref="TimeloopProblemReader"/> both read.
/// Projection coefficients other than 1 become named coefficients: a convolution's are named as
/// Timeloop names them (Wstride, Hstride, Wdilation, Hdilation), others c1, c2, ...
/// </summary>
public static class TimeloopProblemWriter
{
    /// <summary>The problem as YAML text.</summary>
    public static string Write(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var shape = problem.Shape;
        var c = CultureInfo.InvariantCulture;
        var coefficients = new List<(string Name, int Value)>();
        var names = new Dictionary<(int Space, int Axis, int Term), string>();
        for (var s = 0; s < shape.DataSpaces.Length; s++)
        {
            var axes = shape.DataSpaces[s].Axes;
            for (var a = 0; a < axes.Length; a++)
            {
                for (var t = 0; t < axes[a].Length; t++)
                {
                    var term = axes[a][t];
                    if (term.Coefficient == 1) continue;
                    var name = ConvName(shape, axes[a], t) ?? $"c{coefficients.Count + 1}";
                    var existing = coefficients.FindIndex(x => x.Name == name);
                    if (existing >= 0 && coefficients[existing].Value != term.Coefficient) name = $"c{coefficients.Count + 1}";
                    if (!coefficients.Any(x => x.Name == name)) coefficients.Add((name, term.Coefficient));
                    names[(s, a, t)] = name;
                }
            }
        }

        var w = new StringBuilder();
        w.Append("problem:\n  version: 0.4\n  shape:\n");
        w.Append(c, $"    name: {shape.Name}\n");
        w.Append(c, $"    dimensions: [{string.Join(", ", shape.Dimensions)}]\n");
        if (coefficients.Count > 0)
        {
            w.Append("    coefficients:\n");
            foreach (var (name, value) in coefficients) w.Append(c, $"    - {{name: {name}, default: {value}}}\n");
        }
        w.Append("    data_spaces:\n");
        for (var s = 0; s < shape.DataSpaces.Length; s++)
        {
            var space = shape.DataSpaces[s];
            w.Append(c, $"    - name: {space.Name}\n      projection:\n");
            for (var a = 0; a < space.Axes.Length; a++)
            {
                var terms = space.Axes[a].Select((term, t) => names.TryGetValue((s, a, t), out var n)
                    ? $"[{shape.Dimensions[term.Dimension]}, {n}]"
                    : $"[{shape.Dimensions[term.Dimension]}]");
                w.Append(c, $"      - [{string.Join(", ", terms)}]\n");
            }
            if (space.ReadWrite) w.Append("      read_write: true\n");
        }
        w.Append("  instance:\n");
        for (var d = 0; d < shape.Dimensions.Length; d++) w.Append(c, $"    {shape.Dimensions[d]}: {problem.Bounds[d]}\n");
        foreach (var (name, value) in coefficients) w.Append(c, $"    {name}: {value}\n");
        return w.ToString();
    }

    // In a convolution's sliding-window axis (a filter dimension plus an output dimension), the
    // filter's coefficient is the dilation and the output's the stride, W for R/P and H for S/Q.
    private static string? ConvName(ProblemShape shape, System.Collections.Immutable.ImmutableArray<ProjectionTerm> axis, int term)
    {
        if (axis.Length != 2) return null;
        var dims = axis.Select(x => shape.Dimensions[x.Dimension]).ToArray();
        var me = dims[term];
        return (dims[0], dims[1]) switch
        {
            ("R", "P") or ("P", "R") => me == "R" ? "Wdilation" : "Wstride",
            ("S", "Q") or ("Q", "S") => me == "S" ? "Hdilation" : "Hstride",
            _ => null,
        };
    }
}
