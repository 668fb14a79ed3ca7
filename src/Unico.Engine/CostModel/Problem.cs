using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>One term of a data-space projection: <c>Coefficient * dimension</c>.</summary>
/// <param name="Dimension">Index into <see cref="ProblemShape.Dimensions"/>.</param>
/// <param name="Coefficient">Positive multiplier, e.g. a stride or dilation.</param>
public readonly record struct ProjectionTerm(int Dimension, int Coefficient);

/// <summary>
/// A tensor of the problem (Timeloop's data space): each of its axes is an affine sum of problem
/// dimensions, e.g. conv2d Inputs' width = Wstride * P + Wdilation * R.
/// </summary>
/// <param name="Name">Data-space name, e.g. <c>Inputs</c>.</param>
/// <param name="Axes">Per tensor axis, the terms that project the operation space onto it.</param>
/// <param name="ReadWrite">True for outputs that are accumulated (read-modify-write).</param>
public sealed record DataSpace(string Name, ImmutableArray<ImmutableArray<ProjectionTerm>> Axes, bool ReadWrite)
{
    /// <summary>True when <paramref name="dimension"/> appears in any axis of this tensor.</summary>
    public bool IsRelevant(int dimension)
    {
        foreach (var axis in Axes)
        {
            foreach (var term in axis)
            {
                if (term.Dimension == dimension) return true;
            }
        }
        return false;
    }
}

/// <summary>A problem shape: named dimensions and the data spaces projected from them.</summary>
/// <param name="Name">Shape name, e.g. <c>conv2d</c>.</param>
/// <param name="Dimensions">Dimension names in a fixed order; indices are used everywhere else.</param>
/// <param name="DataSpaces">The tensors.</param>
public sealed record ProblemShape(string Name, ImmutableArray<string> Dimensions, ImmutableArray<DataSpace> DataSpaces)
{
    /// <summary>Index of a dimension by name, or -1.</summary>
    public int DimensionIndex(string name) => Dimensions.IndexOf(name);

    /// <summary>Index of a data space by name, or -1.</summary>
    public int DataSpaceIndex(string name)
    {
        for (var i = 0; i < DataSpaces.Length; i++)
        {
            if (string.Equals(DataSpaces[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

/// <summary>A problem instance (one layer): a shape and the size of every dimension.</summary>
/// <param name="Shape">The problem shape, with coefficients (strides, dilations) already bound.</param>
/// <param name="Bounds">Size of each dimension, in <see cref="ProblemShape.Dimensions"/> order.</param>
public sealed record Problem(ProblemShape Shape, ImmutableArray<int> Bounds)
{
    /// <summary>Number of multiply-accumulate operations: the product of all bounds.</summary>
    public long Operations
    {
        get
        {
            long ops = 1;
            foreach (var b in Bounds) ops *= b;
            return ops;
        }
    }

    /// <summary>Size of a data space (words): the bounding box of its projection.</summary>
    public long DataSpaceSize(int dataSpace)
    {
        long size = 1;
        foreach (var axis in Shape.DataSpaces[dataSpace].Axes)
        {
            long extent = 1;
            foreach (var term in axis) extent += (long)term.Coefficient * (Bounds[term.Dimension] - 1);
            size *= extent;
        }
        return size;
    }

    /// <summary>
    /// The most operations (and words of any tensor) one layer may have: 2^48, about 2.8 x 10^14.
    /// Far beyond any real layer, and small enough that every count the cost model derives from
    /// them (accesses times fan-outs, energies in pJ) stays exact in 64-bit integers.
    /// </summary>
    public const long MaxOperations = 1L << 48;

    /// <summary>
    /// Checks sizes: every bound positive, and the operations and every tensor's size at most
    /// <see cref="MaxOperations"/> (products computed without overflow). Throws
    /// <see cref="UnicoInputException"/> naming the dimension or tensor otherwise.
    /// </summary>
    public void Validate(string? file = null)
    {
        if (Bounds.Length != Shape.Dimensions.Length)
            throw new UnicoInputException($"expected {Shape.Dimensions.Length} dimension sizes, got {Bounds.Length}", file);
        for (var i = 0; i < Bounds.Length; i++)
        {
            if (Bounds[i] <= 0)
                throw new UnicoInputException($"dimension size must be a positive integer, got {Bounds[i]}", file, field: Shape.Dimensions[i]);
        }
        Int128 ops = 1;
        for (var i = 0; i < Bounds.Length; i++)
        {
            ops *= Bounds[i];
            if (ops > MaxOperations)
                throw new UnicoInputException(
                    $"the layer has more than {MaxOperations:N0} operations ({string.Join(" x ", Bounds.Take(i + 1))} already exceeds it at {Shape.Dimensions[i]}); a layer may have at most 2^48",
                    file, field: Shape.Dimensions[i]);
        }
        foreach (var space in Shape.DataSpaces)
        {
            Int128 size = 1;
            foreach (var axis in space.Axes)
            {
                Int128 extent = 1;
                foreach (var term in axis) extent += (Int128)term.Coefficient * (Bounds[term.Dimension] - 1);
                size *= extent;
                if (size > MaxOperations || extent <= 0)
                    throw new UnicoInputException($"tensor {space.Name} would hold more than {MaxOperations:N0} words (or a non-positive extent); a tensor may have at most 2^48", file, field: space.Name);
            }
        }
    }
}
