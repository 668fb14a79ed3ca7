using System.Globalization;
using System.Text;
using Unico.Engine.CostModel;

namespace Unico.Engine.Workloads;

/// <summary>
/// The structural identity of a layer's problem: dimension names and sizes, and every data space
/// with its projection (coefficients such as strides and dilations included). Two layers with the
/// same key are the same computation and need one mapping search. The shape's name and the order
/// of its data spaces do not count; dimension order does (it orders the bounds).
/// </summary>
/// <param name="Value">The canonical text, e.g. <c>C=64 M=64 R=3 S=3 N=1 P=56 Q=56 | Inputs[N][C][R+P][S+Q] Outputs*[N][M][Q][P] Weights[C][M][R][S]</c>.</param>
public readonly record struct LayerKey(string Value)
{
    /// <summary>The key of a problem.</summary>
    public static LayerKey Of(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var shape = problem.Shape;
        var sb = new StringBuilder();
        for (var i = 0; i < shape.Dimensions.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(shape.Dimensions[i]).Append('=').Append(problem.Bounds[i].ToString(CultureInfo.InvariantCulture));
        }
        sb.Append(" |");
        foreach (var space in shape.DataSpaces.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            sb.Append(' ').Append(space.Name);
            if (space.ReadWrite) sb.Append('*');
            foreach (var axis in space.Axes)
            {
                sb.Append('[');
                for (var t = 0; t < axis.Length; t++)
                {
                    if (t > 0) sb.Append('+');
                    if (axis[t].Coefficient != 1) sb.Append(axis[t].Coefficient.ToString(CultureInfo.InvariantCulture));
                    sb.Append(shape.Dimensions[axis[t].Dimension]);
                }
                sb.Append(']');
            }
        }
        return new LayerKey(sb.ToString());
    }

    /// <summary>The canonical text.</summary>
    public override string ToString() => Value;
}
