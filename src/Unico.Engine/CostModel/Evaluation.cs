using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>Why a mapping cannot run on the hardware.</summary>
public enum InvalidityKind
{
    /// <summary>The mapping is valid.</summary>
    None,

    /// <summary>The factors of a dimension do not multiply to its size.</summary>
    FactorProduct,

    /// <summary>Spatial factors exceed a level's fan-out along X or Y.</summary>
    SpatialFanout,

    /// <summary>The tiles kept at a level exceed its capacity.</summary>
    Capacity,

    /// <summary>The outermost level (backing store) bypasses a tensor.</summary>
    BackingStoreBypass,

    /// <summary>The mapping's shape does not match the architecture or problem.</summary>
    Shape,
}

/// <summary>Per tensor at one storage level: what one instance holds and moves.</summary>
/// <param name="DataSpace">Tensor name.</param>
/// <param name="Tile">Words of the tensor held by one instance (utilized capacity).</param>
/// <param name="Reads">Words read per instance (by the level below or the compute units).</param>
/// <param name="Fills">Words written into one instance from the level above.</param>
/// <param name="Updates">Words of partial results written into one instance from below.</param>
/// <param name="UtilizedInstances">Instances that hold a tile.</param>
/// <param name="PartitionSize">Words of the tensor one instance touches over the whole layer.</param>
/// <param name="EnergyPj">Access energy of all utilized instances for this tensor, pJ.</param>
public sealed record TensorStats(
    string DataSpace, long Tile, long Reads, long Fills, long Updates, long UtilizedInstances, long PartitionSize, double EnergyPj);

/// <summary>Per storage level (or the compute unit): energy and the tensors it keeps.</summary>
/// <param name="Name">Component name.</param>
/// <param name="EnergyPj">Access energy of all tensors plus leakage, pJ.</param>
/// <param name="LeakagePj">Leakage energy over the run, pJ.</param>
/// <param name="Cycles">Cycles this level needs given its bandwidth (at least the compute cycles).</param>
/// <param name="Tensors">Stats for each tensor the level keeps.</param>
public sealed record LevelStats(string Name, double EnergyPj, double LeakagePj, long Cycles, ImmutableArray<TensorStats> Tensors);

/// <summary>The full result of evaluating one (hardware, mapping, layer).</summary>
/// <param name="IsValid">False when the mapping cannot run; then only <see cref="InvalidReason"/> is meaningful.</param>
/// <param name="InvalidReason">Why the mapping is invalid, naming the level or dimension.</param>
/// <param name="Cycles">Cycles, compute cycles throttled by the slowest level's bandwidth.</param>
/// <param name="EnergyPj">Total energy, pJ.</param>
/// <param name="Computes">Multiply-accumulate operations.</param>
/// <param name="Utilization">Computes / (compute units x cycles), 0..1.</param>
/// <param name="AreaUm2">Area of the architecture, um^2.</param>
/// <param name="Edp">Energy-delay product in J x cycles (Timeloop's unit).</param>
/// <param name="Levels">Storage levels outermost first, then the compute unit (no tensors).</param>
public sealed record Evaluation(
    bool IsValid,
    string? InvalidReason,
    long Cycles,
    double EnergyPj,
    long Computes,
    double Utilization,
    double AreaUm2,
    double Edp,
    ImmutableArray<LevelStats> Levels)
{
    /// <summary>An invalid result carrying the reason.</summary>
    public static Evaluation Invalid(string reason, double areaUm2) =>
        new(false, reason, 0, double.PositiveInfinity, 0, 0, areaUm2, double.PositiveInfinity, []);
}

/// <summary>The numbers a search ranks by; produced without allocation.</summary>
/// <param name="Invalidity">Why the mapping is invalid, or <see cref="InvalidityKind.None"/>.</param>
/// <param name="Cycles">Cycles.</param>
/// <param name="EnergyPj">Energy, pJ.</param>
public readonly record struct CostSummary(InvalidityKind Invalidity, long Cycles, double EnergyPj)
{
    /// <summary>True for a mapping that can run.</summary>
    public bool IsValid => Invalidity == InvalidityKind.None;

    /// <summary>Energy-delay product, pJ x cycles (infinite when invalid).</summary>
    public double EdpPjCycles => IsValid ? EnergyPj * Cycles : double.PositiveInfinity;
}
