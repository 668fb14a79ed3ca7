using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>
/// A mapping in flat, mutable arrays: the form the evaluator and the mapper work on, so that
/// searching and evaluating need no allocation. Index <c>level * Dimensions + dim</c>.
/// </summary>
public sealed class MappingBuffer
{
    /// <summary>Creates an all-ones mapping that keeps every tensor everywhere.</summary>
    public MappingBuffer(int levels, int dimensions, int dataSpaces)
    {
        Levels = levels;
        Dimensions = dimensions;
        DataSpaces = dataSpaces;
        Temporal = new int[levels * dimensions];
        Spatial = new int[levels * dimensions];
        TemporalOrder = new int[levels * dimensions];
        SpatialOrder = new int[levels * dimensions];
        SpatialSplit = new int[levels];
        Keep = new bool[levels * dataSpaces];
        Array.Fill(Temporal, 1);
        Array.Fill(Spatial, 1);
        Array.Fill(Keep, true);
        for (var l = 0; l < levels; l++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                TemporalOrder[l * dimensions + d] = d;
                SpatialOrder[l * dimensions + d] = d;
            }
            SpatialSplit[l] = dimensions;
        }
    }

    /// <summary>Number of storage levels.</summary>
    public int Levels { get; }

    /// <summary>Number of problem dimensions.</summary>
    public int Dimensions { get; }

    /// <summary>Number of data spaces.</summary>
    public int DataSpaces { get; }

    /// <summary>Temporal factor per (level, dimension).</summary>
    public int[] Temporal { get; }

    /// <summary>Spatial factor per (level, dimension): the loops over the level's fan-out.</summary>
    public int[] Spatial { get; }

    /// <summary>Per level, the dimensions of its temporal loops from innermost to outermost.</summary>
    public int[] TemporalOrder { get; }

    /// <summary>Per level, the dimensions of its spatial loops, innermost first.</summary>
    public int[] SpatialOrder { get; }

    /// <summary>Per level, how many leading entries of <see cref="SpatialOrder"/> go to X (the rest to Y).</summary>
    public int[] SpatialSplit { get; }

    /// <summary>Per (level, data space): true when the level keeps the tensor. Index <c>level * DataSpaces + ds</c>.</summary>
    public bool[] Keep { get; }

    /// <summary>Copies another buffer of the same shape into this one.</summary>
    public void CopyFrom(MappingBuffer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Levels != Levels || other.Dimensions != Dimensions || other.DataSpaces != DataSpaces)
            throw new ArgumentException("mapping buffers differ in shape", nameof(other));
        other.Temporal.CopyTo(Temporal, 0);
        other.Spatial.CopyTo(Spatial, 0);
        other.TemporalOrder.CopyTo(TemporalOrder, 0);
        other.SpatialOrder.CopyTo(SpatialOrder, 0);
        other.SpatialSplit.CopyTo(SpatialSplit, 0);
        other.Keep.CopyTo(Keep, 0);
    }

    /// <summary>True when a dimension's spatial loop at a level is on the X axis of the fan-out.</summary>
    public bool IsSpatialX(int level, int dimension)
    {
        var baseIndex = level * Dimensions;
        for (var i = 0; i < Dimensions; i++)
        {
            if (SpatialOrder[baseIndex + i] == dimension) return i < SpatialSplit[level];
        }
        return true;
    }

    /// <summary>Fills this buffer from a mapping record.</summary>
    public static MappingBuffer From(MappingSpec mapping, int dimensions, int dataSpaces)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var buffer = new MappingBuffer(mapping.Levels.Length, dimensions, dataSpaces);
        for (var l = 0; l < mapping.Levels.Length; l++)
        {
            var level = mapping.Levels[l];
            for (var d = 0; d < dimensions; d++)
            {
                buffer.Temporal[l * dimensions + d] = level.TemporalFactors[d];
                buffer.Spatial[l * dimensions + d] = level.SpatialFactors[d];
                buffer.TemporalOrder[l * dimensions + d] = level.TemporalOrder[d];
                buffer.SpatialOrder[l * dimensions + d] = level.SpatialOrder[d];
            }
            buffer.SpatialSplit[l] = level.SpatialSplit;
            for (var s = 0; s < dataSpaces; s++) buffer.Keep[l * dataSpaces + s] = level.Keep[s];
        }
        return buffer;
    }

    /// <summary>Converts to an immutable mapping record.</summary>
    public MappingSpec ToMapping()
    {
        var levels = ImmutableArray.CreateBuilder<LevelMapping>(Levels);
        for (var l = 0; l < Levels; l++)
        {
            var range = new Range(l * Dimensions, (l + 1) * Dimensions);
            levels.Add(new LevelMapping(
                [.. Temporal[range]], [.. TemporalOrder[range]],
                [.. Spatial[range]], [.. SpatialOrder[range]],
                SpatialSplit[l],
                [.. Keep[(l * DataSpaces)..((l + 1) * DataSpaces)]]));
        }
        return new MappingSpec(levels.MoveToImmutable());
    }
}
