using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>Energy of one vector access (or one cycle of leakage) of a storage level, in pJ.</summary>
/// <param name="Read">Energy of a read of one block (<c>width</c> bits).</param>
/// <param name="Write">Energy of a write (fill) of one block.</param>
/// <param name="Update">Energy of an update (read-modify-write result written back) of one block.</param>
/// <param name="LeakPerCycle">Leakage per instance per cycle.</param>
public readonly record struct StorageEnergy(double Read, double Write, double Update, double LeakPerCycle);

/// <summary>
/// A storage level (buffer) of the accelerator, or a dummy level that only carries a spatial
/// fan-out (Timeloop's <c>inter_X_spatial</c> levels created for containers with a mesh).
/// </summary>
/// <param name="Name">Component name as in the architecture file.</param>
/// <param name="Instances">Number of instances of this level in the whole accelerator.</param>
/// <param name="FanoutX">Spatial fan-out to the next inner level along X (meshX ratio).</param>
/// <param name="FanoutY">Spatial fan-out to the next inner level along Y.</param>
/// <param name="SizeWords">Capacity in words (depth times block size); null when unbounded (DRAM).</param>
/// <param name="BlockSize">Words per vector access (width / datawidth).</param>
/// <param name="WordBits">Bits per word (datawidth).</param>
/// <param name="MultipleBuffering">Capacity is divided by this factor (double buffering = 2).</param>
/// <param name="ReadBandwidth">Words per cycle per instance; null when unlimited.</param>
/// <param name="WriteBandwidth">Words per cycle per instance; null when unlimited.</param>
/// <param name="SharedBandwidth">Read plus write words per cycle per instance; null when unlimited.</param>
/// <param name="Energy">Energy per action.</param>
/// <param name="AreaUm2">Area of one instance in um^2.</param>
/// <param name="IsSpatialDummy">True for a level that holds nothing and only carries a fan-out.</param>
public sealed record StorageLevel(
    string Name,
    long Instances,
    int FanoutX,
    int FanoutY,
    long? SizeWords,
    int BlockSize,
    int WordBits,
    double MultipleBuffering,
    double? ReadBandwidth,
    double? WriteBandwidth,
    double? SharedBandwidth,
    StorageEnergy Energy,
    double AreaUm2,
    bool IsSpatialDummy = false)
{
    /// <summary>Total spatial fan-out to the next inner level.</summary>
    public int Fanout => FanoutX * FanoutY;

    /// <summary>Usable capacity in words after multiple buffering; null when unbounded.</summary>
    public long? EffectiveSizeWords => SizeWords is { } s ? (long)Math.Floor(s / MultipleBuffering) : null;
}

/// <summary>The arithmetic unit at the bottom of the hierarchy.</summary>
/// <param name="Name">Component name.</param>
/// <param name="Instances">Number of compute units.</param>
/// <param name="EnergyPerOp">Energy of one multiply-accumulate, pJ.</param>
/// <param name="AreaUm2">Area of one unit, um^2.</param>
public sealed record ComputeUnit(string Name, long Instances, double EnergyPerOp, double AreaUm2);

/// <summary>
/// An accelerator: storage levels from outermost (backing store, e.g. DRAM) to innermost, then
/// the compute unit. Each level's fan-out says how many instances of the next level each of its
/// instances feeds.
/// </summary>
/// <param name="Name">Architecture name.</param>
/// <param name="Levels">Storage levels, outermost first.</param>
/// <param name="Compute">The compute unit.</param>
public sealed record Architecture(string Name, ImmutableArray<StorageLevel> Levels, ComputeUnit Compute)
{
    /// <summary>Index of a storage level by name, or -1.</summary>
    public int LevelIndex(string name)
    {
        for (var i = 0; i < Levels.Length; i++)
        {
            if (string.Equals(Levels[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>Total area: every real storage instance and compute unit, um^2.</summary>
    public double AreaUm2
    {
        get
        {
            var area = Compute.AreaUm2 * Compute.Instances;
            foreach (var level in Levels)
            {
                if (!level.IsSpatialDummy) area += level.AreaUm2 * level.Instances;
            }
            return area;
        }
    }

    /// <summary>
    /// Checks structural consistency: instance counts multiply by the fan-outs, sizes positive.
    /// Throws <see cref="UnicoInputException"/> naming the level at fault.
    /// </summary>
    public void Validate(string? file = null)
    {
        if (Levels.IsDefaultOrEmpty) throw new UnicoInputException("architecture has no storage level", file);
        for (var i = 0; i < Levels.Length; i++)
        {
            var level = Levels[i];
            if (level.FanoutX <= 0 || level.FanoutY <= 0)
                throw new UnicoInputException("fan-out must be positive", file, field: level.Name);
            if (level.BlockSize <= 0)
                throw new UnicoInputException("block size (width / datawidth) must be a positive integer", file, field: level.Name);
            if (level.SizeWords is <= 0)
                throw new UnicoInputException("size must be positive", file, field: level.Name);
            if (level.MultipleBuffering < 1)
                throw new UnicoInputException("multiple_buffering must be at least 1", file, field: level.Name);
            var next = i + 1 < Levels.Length ? Levels[i + 1].Instances : Compute.Instances;
            if (level.Instances * level.Fanout != next)
                throw new UnicoInputException(
                    $"{level.Instances} instances with fan-out {level.Fanout} do not give the {next} instances of the next level",
                    file, field: level.Name);
        }
        if (Levels[0].Instances != 1)
            throw new UnicoInputException("the outermost level (backing store) must have exactly one instance", file, field: Levels[0].Name);
    }
}
