using System.Collections.Immutable;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Hardware;

/// <summary>
/// A built design point: the architecture the cost model evaluates, the mapper constraints per
/// level, and the configuration it came from.
/// </summary>
/// <param name="Architecture">Levels outermost first (DRAM, global buffer, the two PE-array fan-out levels, per-PE storages, per-MAC register) and the MAC.</param>
/// <param name="Constraints">Constraints per level name, in conv2d dimension names (every level has an entry).</param>
/// <param name="ContainerLevels">Container name to the fan-out level it stands for (e.g. <c>PE</c> to <c>inter_PE_spatial</c>), for Timeloop mapping targets.</param>
/// <param name="Config">The template configuration, or null for a point of an architecture space.</param>
public sealed record BuiltHardware(
    Architecture Architecture,
    ImmutableDictionary<string, LevelConstraints> Constraints,
    ImmutableDictionary<string, string> ContainerLevels,
    HardwareConfig? Config)
{
    /// <summary>Levels of each <c>!Parallel</c> group (architecture spaces), for the map-space.</summary>
    public ImmutableArray<ImmutableArray<string>> ParallelGroups { get; init; } = [];

    /// <summary>The user's architecture file with the point's values (architecture spaces), or null.</summary>
    public string? SourceYaml { get; init; }

    /// <summary>
    /// The point as a Timeloop v0.4 architecture file: the user's file with the point's values
    /// (architecture spaces), or written from the levels (template spaces).
    /// </summary>
    public string ArchitectureYaml() => SourceYaml ?? TimeloopArchitectureWriter.Write(Architecture, Constraints, ContainerLevels);

    /// <summary>Where each component's energy and area came from (architecture spaces; empty for template spaces, which use the 65 nm model throughout).</summary>
    public ImmutableDictionary<string, CostSource> CostSources { get; init; } = ImmutableDictionary<string, CostSource>.Empty;

    /// <summary>Total area in mm^2 (storage instances and MACs).</summary>
    public double AreaMm2 => Architecture.AreaUm2 / 1e6;

    /// <summary>The constraints with the dimension names of <paramref name="shape"/> (see <see cref="DataflowConstraints.Translate"/>).</summary>
    public ImmutableDictionary<string, LevelConstraints> ConstraintsFor(ProblemShape shape) => DataflowConstraints.Translate(Constraints, shape);

    /// <summary>The same hardware as the Timeloop reader would give it, so Timeloop mappings can be read against it.</summary>
    public TimeloopArchitecture ToTimeloop() => new(Architecture, Constraints, ContainerLevels, [], ParallelGroups);
}

/// <summary>
/// The parametric spatial accelerator: DRAM, a banked global buffer, a PE array (columns along X,
/// rows along Y, as two fan-out levels like Timeloop's Eyeriss), per-PE storages for inputs,
/// weights and partial sums, an optional vector of MACs per PE with an optional per-MAC weight
/// register, and the MACs. Energies and areas come from a <see cref="TechnologyModel"/>.
/// </summary>
public static class HardwareTemplate
{
    /// <summary>Builds the architecture and constraints of a configuration.</summary>
    /// <param name="config">The design point, typed.</param>
    /// <param name="names">Level names; the Eyeriss reference's by default.</param>
    /// <param name="technology">Energy and area model; <see cref="Calibration.Eyeriss65nm"/> by default.</param>
    /// <param name="name">Architecture name.</param>
    public static BuiltHardware Build(HardwareConfig config, LevelNames? names = null, TechnologyModel? technology = null, string name = "unico-template")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        names ??= new LevelNames();
        var tech = technology ?? Calibration.Eyeriss65nm;
        var c = config;
        long pes = c.Pes;
        long vector = (long)c.PeLanes * c.PeVectorWidth;
        long macs = c.Macs;
        var word = c.WordBits;

        // Per-PE storages in Eyeriss' order (its !Parallel scratchpads become consecutive levels).
        var peStores = new List<(string Name, int Depth, int WordBits)>();
        if (c.IfmapSpadDepth > 0) peStores.Add((names.Ifmap, c.IfmapSpadDepth, word));
        if (c.WeightsSpadDepth > 0) peStores.Add((names.Weights, c.WeightsSpadDepth, word));
        if (c.PsumSpadDepth > 0) peStores.Add((names.Psum, c.PsumSpadDepth, c.EffectivePsumBits));
        // With no per-PE storage the vector of MACs widens the array's fan-outs instead.
        var mergeVector = peStores.Count == 0;

        var levels = ImmutableArray.CreateBuilder<StorageLevel>();
        var dram = tech.Dram(c.DramType, HardwareConfig.DramWidthBits);
        levels.Add(new StorageLevel(names.Dram, 1, 1, 1, null, HardwareConfig.DramWidthBits / word, word, 1,
            null, null, c.DramBandwidth > 0 ? c.DramBandwidth : null, dram.Energy, dram.AreaUm2));

        var glbBlock = c.GlbWidthBits / word;
        var glbDepth = ((long)c.GlbKb * 8192 + c.GlbWidthBits - 1) / c.GlbWidthBits;
        var glb = tech.Sram(glbDepth, c.GlbWidthBits, c.GlbBanks);
        double glbBandwidth = Math.Min(c.NocBandwidth, (double)c.GlbBanks * glbBlock);
        levels.Add(new StorageLevel(names.GlobalBuffer, 1, 1, 1, glbDepth * glbBlock, glbBlock, word, 1,
            glbBandwidth, glbBandwidth, null, glb.Energy, glb.AreaUm2));

        var fanX = c.PeCols * (mergeVector ? c.PeVectorWidth : 1);
        var fanY = c.PeRows * (mergeVector ? c.PeLanes : 1);
        levels.Add(Dummy(names.ColumnFanout, 1, fanX, 1));
        levels.Add(Dummy(names.PeFanout, fanX, 1, fanY));

        string? vectorLevel = null;
        for (var i = 0; i < peStores.Count; i++)
        {
            var (levelName, depth, bits) = peStores[i];
            var block = Math.Max(1, c.SpadWidthBits / bits);
            var cost = tech.Storage(c.PeBufferClass, depth, block * bits);
            var last = i == peStores.Count - 1;
            if (last && vector > 1) vectorLevel = levelName;
            // One operand per MAC per cycle, doubled as in the reference (2 words/cycle per scalar PE).
            double bandwidth = 2 * vector;
            levels.Add(new StorageLevel(levelName, pes, last ? c.PeVectorWidth : 1, last ? c.PeLanes : 1, (long)depth * block, block, bits, 1,
                bandwidth, bandwidth, null, cost.Energy, cost.AreaUm2));
        }

        if (c.WeightRegDepth > 0)
        {
            var reg = tech.RegisterFile(c.WeightRegDepth, word);
            levels.Add(new StorageLevel(names.WeightReg, macs, 1, 1, c.WeightRegDepth, 1, word, 1, 2, 2, null, reg.Energy, reg.AreaUm2));
        }

        var (macEnergy, macArea) = tech.Mac(word, c.EffectivePsumBits);
        var architecture = new Architecture(name, levels.ToImmutable(), new ComputeUnit(names.Mac, macs, macEnergy, macArea));
        architecture.Validate();

        var present = architecture.Levels.Where(l => !l.IsSpatialDummy).Select(l => l.Name).ToImmutableHashSet(StringComparer.Ordinal);
        var layout = new DataflowConstraints.Layout(names, present, vectorLevel);
        var constraints = DataflowConstraints.For(c.Dataflow, layout, architecture.Levels.Select(l => l.Name));
        var containers = new Dictionary<string, string>
        {
            [names.ColumnContainer] = names.ColumnFanout,
            [names.PeContainer] = names.PeFanout,
        }.ToImmutableDictionary(StringComparer.Ordinal);
        return new BuiltHardware(architecture, constraints, containers, config);
    }

    private static StorageLevel Dummy(string name, long instances, int fanoutX, int fanoutY) =>
        new(name, instances, fanoutX, fanoutY, null, 1, 8, 1, null, null, null, new StorageEnergy(0, 0, 0, 0), 0, IsSpatialDummy: true);
}
