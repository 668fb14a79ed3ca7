using System.Collections.Immutable;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Tests.Interop.Timeloop;

namespace Unico.Engine.Tests.Hardware;

/// <summary>
/// The eyeriss-like space's default point is Timeloop's Eyeriss-like reference architecture:
/// the reference mapping (map.yaml) evaluated on it gives Timeloop's cycles exactly, the same
/// access counts as the reference architecture, and energy within 2% (the brief allows 10%).
/// </summary>
public sealed class EyerissReferenceMappingTests
{
    private static readonly string Dir = Path.Combine(TestPaths.TimeloopReference, "eyeriss_like-default");

    private static (Problem Problem, BuiltHardware Hardware, MappingSpec Mapping) Load()
    {
        var problem = TimeloopProblemReader.Read(Path.Combine(Dir, "problem.yaml"));
        var space = BuiltInSpaces.Get("eyeriss-like");
        var hardware = space.Build(space.Default);
        var mapping = TimeloopMappingReader.Read(Path.Combine(Dir, "map.yaml"), problem, hardware.ToTimeloop());
        return (problem, hardware, mapping);
    }

    [Fact]
    public void Reference_mapping_on_the_default_point_takes_exactly_Timeloops_86016_cycles()
    {
        var (problem, hardware, mapping) = Load();
        var result = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        Assert.True(result.IsValid, result.InvalidReason);
        Assert.Equal(86016, result.Cycles);
        Assert.Equal(10838016, result.Computes);
    }

    [Fact]
    public void Reference_mapping_on_the_default_point_costs_Timeloops_energy_within_2_percent()
    {
        var (problem, hardware, mapping) = Load();
        var expected = TimeloopStatsFile.Parse(Path.Combine(Dir, "expected", "timeloop-mapper.stats.txt"));
        var result = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        Assert.True(result.IsValid, result.InvalidReason);
        var error = (result.EnergyPj - expected.TotalEnergyPj) / expected.TotalEnergyPj;
        Assert.True(Math.Abs(error) < 0.02, $"energy {result.EnergyPj / 1e6:F3} uJ vs Timeloop {expected.TotalEnergyPj / 1e6:F3} uJ ({error:P2})");
    }

    [Fact]
    public void Default_point_moves_the_same_words_as_the_reference_architecture_file()
    {
        var (problem, hardware, mapping) = Load();
        var spec = TimeloopSpec.Load(Path.Combine(Dir, "arch.yaml"), Path.Combine(Dir, "problem.yaml"), Path.Combine(Dir, "map.yaml"),
            Path.Combine(Dir, "expected", "timeloop-mapper.ERT.yaml"), Path.Combine(Dir, "expected", "timeloop-mapper.ART.yaml"));
        var reference = spec.Evaluate();
        var ours = new CostModelEvaluator(problem, hardware.Architecture).EvaluateDetailed(mapping);
        Assert.Equal(reference.Levels.Select(l => l.Name), ours.Levels.Select(l => l.Name));
        foreach (var (r, o) in reference.Levels.Zip(ours.Levels))
        {
            Assert.Equal(r.Tensors.Select(t => (t.DataSpace, t.Tile, t.Reads, t.Fills, t.Updates, t.UtilizedInstances)),
                o.Tensors.Select(t => (t.DataSpace, t.Tile, t.Reads, t.Fills, t.Updates, t.UtilizedInstances)));
        }
        Assert.Equal(reference.Cycles, ours.Cycles);
    }

    [Fact]
    public void Default_point_has_the_reference_architectures_levels_instances_fanouts_and_sizes()
    {
        var reference = TimeloopArchitectureReader.Read(Path.Combine(Dir, "arch.yaml"),
            Path.Combine(Dir, "expected", "timeloop-mapper.ERT.yaml"), Path.Combine(Dir, "expected", "timeloop-mapper.ART.yaml")).Architecture;
        var ours = BuiltInSpaces.Get("eyeriss-like").Build(BuiltInSpaces.Get("eyeriss-like").Default).Architecture;
        Assert.Equal(
            reference.Levels.Select(l => (l.Name, l.Instances, l.FanoutX, l.FanoutY, l.SizeWords, l.BlockSize, l.WordBits, l.IsSpatialDummy)),
            ours.Levels.Select(l => (l.Name, l.Instances, l.FanoutX, l.FanoutY, l.SizeWords, l.BlockSize, l.WordBits, l.IsSpatialDummy)));
        Assert.Equal((reference.Compute.Name, reference.Compute.Instances), (ours.Compute.Name, ours.Compute.Instances));
        foreach (var (r, o) in reference.Levels.Zip(ours.Levels).Where(p => p.First.Name != "DRAM"))
        {
            Assert.Equal(r.ReadBandwidth, o.ReadBandwidth);
            Assert.Equal(r.WriteBandwidth, o.WriteBandwidth);
        }
    }

    [Fact]
    public void Row_stationary_constraints_mean_what_the_reference_arch_files_constraints_mean()
    {
        var reference = TimeloopArchitectureReader.Read(Path.Combine(Dir, "arch.yaml"),
            Path.Combine(Dir, "expected", "timeloop-mapper.ERT.yaml")).Constraints;
        var ours = BuiltInSpaces.Get("eyeriss-like").Build(BuiltInSpaces.Get("eyeriss-like").Default).Constraints;
        string[] spaces = ["Inputs", "Weights", "Outputs"];
        foreach (var (level, r) in reference)
        {
            var o = ours[level];
            Assert.Equal(spaces.Select(s => Keeps(r, s)), spaces.Select(s => Keeps(o, s)));
            Assert.Equal(Sorted(r.TemporalFactors), Sorted(o.TemporalFactors));
            Assert.Equal(Sorted(r.SpatialFactors), Sorted(o.SpatialFactors));
            Assert.Equal(string.Concat(r.TemporalPermutation), string.Concat(o.TemporalPermutation));
            Assert.Equal(string.Concat(r.SpatialPermutation), string.Concat(o.SpatialPermutation));
            Assert.Equal(Split(r), Split(o));
        }
    }

    private static bool? Keeps(LevelConstraints c, string space) =>
        c.Bypass.Contains(space) ? false : c.Keep.IsEmpty ? null : c.Keep.Contains(space);

    private static string Sorted(ImmutableDictionary<string, int> f) =>
        string.Join(" ", f.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static int? Split(LevelConstraints c) => c.SpatialSplit is { } s ? Math.Min(s, c.SpatialPermutation.Length) : null;
}
