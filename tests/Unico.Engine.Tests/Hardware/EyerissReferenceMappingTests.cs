using System.Collections.Immutable;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Tests.Mapping;

namespace Unico.Engine.Tests.Hardware;

/// <summary>
/// The eyeriss-like space's default point is Timeloop's Eyeriss-like reference architecture.
/// The facts below are Timeloop's figures for its reference case (timeloop-accelergy-exercises,
/// eyeriss_like, default problem and mapping): the architecture as its arch file states it, and the
/// cycles, energy and per-level counts its stats file prints for the reference mapping. The
/// mapping's loop factors are in examples/timeloop/eyeriss-like/map.yaml.
/// </summary>
public sealed class EyerissReferenceMappingTests
{
    /// <summary>Timeloop: Cycles 86016, Computes 10838016, fJ/Compute Total 5469.65.</summary>
    private const long TimeloopCycles = 86016;
    private const long TimeloopComputes = 10838016;
    private const double TimeloopEnergyPj = 5469.65 * TimeloopComputes / 1000;

    /// <summary>Timeloop's per-instance counts: level, tensor, tile, reads, fills, updates, utilized instances.</summary>
    private static readonly (string Level, string Tensor, long Tile, long Reads, long Fills, long Updates, long Instances)[] TimeloopCounts =
    [
        ("DRAM", "Weights", 864, 13824, 0, 0, 1),
        ("DRAM", "Inputs", 151875, 157296, 0, 0, 1),
        ("DRAM", "Outputs", 401408, 0, 0, 401408, 1),
        ("shared_glb", "Inputs", 9831, 1354752, 157296, 0, 1),
        ("shared_glb", "Outputs", 6272, 0, 0, 401408, 1),
        ("ifmap_spad", "Inputs", 3, 86016, 10752, 0, 126),
        ("weights_spad", "Weights", 24, 86016, 1536, 0, 126),
        ("psum_spad", "Outputs", 8, 57344, 0, 86016, 126),
    ];

    private static (Problem Problem, BuiltHardware Hardware, MappingSpec Mapping) Load()
    {
        var problem = EyerissMapSpace.Problem;
        var space = BuiltInSpaces.Get("eyeriss-like");
        var hardware = space.Build(space.Default);
        var mapping = TimeloopMappingReader.Read(EyerissMapSpace.MappingFile, problem, hardware.ToTimeloop());
        return (problem, hardware, mapping);
    }

    [Fact]
    public void Reference_mapping_on_the_default_point_takes_exactly_Timeloops_86016_cycles()
    {
        var (problem, hardware, mapping) = Load();
        var result = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        Assert.True(result.IsValid, result.InvalidReason);
        Assert.Equal(TimeloopCycles, result.Cycles);
        Assert.Equal(TimeloopComputes, result.Computes);
    }

    [Fact]
    public void Reference_mapping_on_the_default_point_costs_Timeloops_energy_within_2_percent()
    {
        var (problem, hardware, mapping) = Load();
        var result = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        Assert.True(result.IsValid, result.InvalidReason);
        var error = (result.EnergyPj - TimeloopEnergyPj) / TimeloopEnergyPj;
        Assert.True(Math.Abs(error) < 0.02, $"energy {result.EnergyPj / 1e6:F3} uJ vs Timeloop {TimeloopEnergyPj / 1e6:F3} uJ ({error:P2})");
    }

    [Fact]
    public void Default_point_moves_the_words_Timeloop_counts_at_every_level()
    {
        var (problem, hardware, mapping) = Load();
        var ours = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        var counted = ours.Levels.SelectMany(l => l.Tensors.Select(t => (l.Name, t.DataSpace, t.Tile, t.Reads, t.Fills, t.Updates, t.UtilizedInstances)));
        Assert.Equal(TimeloopCounts, counted);
    }

    [Fact]
    public void Default_point_has_the_reference_architectures_levels_instances_fanouts_and_sizes()
    {
        (string, long, int, int, long?, int, int, bool)[] reference =
        [
            ("DRAM", 1, 1, 1, null, 8, 8, false),
            ("shared_glb", 1, 1, 1, 131072, 8, 8, false),
            ("inter_PE_column_spatial", 1, 14, 1, null, 1, 8, true),
            ("inter_PE_spatial", 14, 1, 12, null, 1, 8, true),
            ("ifmap_spad", 168, 1, 1, 24, 2, 8, false),
            ("weights_spad", 168, 1, 1, 384, 2, 8, false),
            ("psum_spad", 168, 1, 1, 16, 1, 16, false),
        ];
        var ours = BuiltInSpaces.Get("eyeriss-like").Build(BuiltInSpaces.Get("eyeriss-like").Default).Architecture;
        Assert.Equal(reference,
            ours.Levels.Select(l => (l.Name, l.Instances, l.FanoutX, l.FanoutY, l.SizeWords, l.BlockSize, l.WordBits, l.IsSpatialDummy)));
        Assert.Equal(("mac", 168L), (ours.Compute.Name, ours.Compute.Instances));
        (string, double?, double?)[] bandwidths = [("shared_glb", 16, 16), ("ifmap_spad", 2, 2), ("weights_spad", 2, 2), ("psum_spad", 2, 2)];
        Assert.Equal(bandwidths,
            ours.Levels.Where(l => l.ReadBandwidth is not null).Select(l => (l.Name, l.ReadBandwidth, l.WriteBandwidth)));
    }

    [Fact]
    public void Row_stationary_constraints_mean_what_the_reference_arch_files_constraints_mean()
    {
        // level: keep (null = no keep list), fixed temporal factors, fixed spatial factors,
        // temporal and spatial permutations as the arch file lists them, split (capped at the permutation's length).
        (string Level, string? Keep, string Temporal, string Spatial, string TemporalOrder, string SpatialOrder, int? Split)[] reference =
        [
            ("shared_glb", "Inputs Outputs", "", "", "", "", null),
            ("inter_PE_column_spatial", null, "", "C=1 N=1 P=1 R=1 S=1", "", "NCPRSQM", 7),
            ("inter_PE_spatial", null, "", "N=1 P=1 Q=1 R=1", "", "NPQRSCM", 0),
            ("ifmap_spad", "Inputs", "C=1 M=1 N=1 P=1 Q=1 R=1 S=1", "", "NMCPQRS", "", null),
            ("weights_spad", "Weights", "M=1 N=1 P=1 Q=1 S=1", "", "NMPQSCR", "", null),
            ("psum_spad", "Outputs", "C=1 N=1 P=1 Q=1 R=1 S=1", "", "NCPQRSM", "", null),
        ];
        var ours = BuiltInSpaces.Get("eyeriss-like").Build(BuiltInSpaces.Get("eyeriss-like").Default).Constraints;
        foreach (var r in reference)
        {
            var o = ours[r.Level];
            Assert.Equal(r.Keep, o.Keep.IsEmpty ? null : string.Join(" ", o.Keep));
            Assert.Equal(r.Temporal, Sorted(o.TemporalFactors));
            Assert.Equal(r.Spatial, Sorted(o.SpatialFactors));
            Assert.Equal(r.TemporalOrder, string.Concat(o.TemporalPermutation));
            Assert.Equal(r.SpatialOrder, string.Concat(o.SpatialPermutation));
            Assert.Equal(r.Split, o.SpatialSplit is { } s ? Math.Min(s, o.SpatialPermutation.Length) : null);
        }
        Assert.Contains("Weights", ours["shared_glb"].Bypass);
    }

    private static string Sorted(ImmutableDictionary<string, int> f) =>
        string.Join(" ", f.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
