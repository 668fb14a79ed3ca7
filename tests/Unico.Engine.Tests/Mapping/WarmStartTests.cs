using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Mapping;

public sealed class WarmStartTests
{
    private static readonly DesignSpace Eyeriss = BuiltInSpaces.Get("eyeriss-like");

    private static BuiltHardware Hardware(params (string Name, string Value)[] changes) =>
        Eyeriss.Build(Eyeriss.Complete(Eyeriss.PointFromText(changes.ToDictionary(c => c.Name, c => c.Value))));

    private static MapSpace SpaceOf(BuiltHardware hardware, Problem problem) =>
        MapSpace.Create(problem, hardware.Architecture, hardware.ConstraintsFor(problem.Shape), hardware.ContainerLevels, ignoreUnknownDimensions: true);

    private static Problem Layer(string network, int index) => WorkloadCatalog.Resolve(network).DistinctLayers()[index].Problem;

    private static MappingSearch Searched(MapSpace space, long evaluations, ulong seed = 3)
    {
        var search = MappingSearch.Create(space, new MapperOptions(Seed: seed));
        search.Run(evaluations);
        return search;
    }

    [Fact]
    public void A_mapping_carried_to_its_own_map_space_is_the_same_mapping_for_one_evaluation()
    {
        var donor = Searched(EyerissMapSpace.Create(), 3000);
        var search = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 5));

        Assert.Equal(1, search.WarmStart([donor.BestMapping!]));
        Assert.Equal(1, search.Evaluations);
        Assert.Equal(donor.BestCost, search.BestCost);
        Assert.Equal(donor.BestMapping, search.BestMapping, MappingComparer.Instance);
    }

    [Theory]
    [InlineData("VGG16", 3)]
    [InlineData("ResNet-18", 5)]
    [InlineData("AlexNet", 1)]
    public void On_neighbouring_hardware_a_warm_started_first_rung_beats_a_cold_one(string network, int layer)
    {
        // A donor from a neighbour (other array shape and global buffer) and one from further away
        // (another dataflow, whose constraints fix other factors).
        var problem = Layer(network, layer);
        var near = Searched(SpaceOf(Hardware(("pe_rows", "16"), ("glb_kb", "256")), problem), 4000).BestMapping!;
        var far = Searched(SpaceOf(Hardware(("dataflow", "weight_stationary"), ("pe_cols", "16")), problem), 4000).BestMapping!;
        var target = SpaceOf(Hardware(("pe_rows", "14"), ("glb_kb", "128")), problem);

        var warm = MappingSearch.Create(target, new MapperOptions(Seed: 9));
        // The donors need not fit as they are (16 rows on 14, tiles sized for 256 KB in 128): repairs may cost evaluations.
        var spent = warm.WarmStart([near, far]);
        Assert.InRange(spent, 2, 2 * (1 + MappingSearch.MaxRepairs));
        Assert.True(warm.HasValidMapping);
        warm.Run(20 - spent);
        var cold = Searched(target, 20, seed: 9);

        Assert.True(warm.BestCost < cold.BestCost, $"warm {warm.BestCost:E3} against cold {cold.BestCost:E3}");
    }

    [Fact]
    public void A_donor_of_another_shape_costs_no_evaluation_and_the_search_starts_as_a_cold_one()
    {
        var problem = Layer("VGG16", 3);
        var donor = Searched(SpaceOf(Hardware(), problem), 500).BestMapping!;
        var fewerLevels = new MappingSpec([.. donor.Levels.Skip(1)]);
        var fewerDimensions = new MappingSpec([.. donor.Levels.Select(l => l with { TemporalFactors = [.. l.TemporalFactors.Skip(1)] })]);
        var warm = MappingSearch.Create(SpaceOf(Hardware(), problem), new MapperOptions(Seed: 4));

        Assert.Equal(0, warm.WarmStart([fewerLevels, fewerDimensions]));
        warm.Run(300);
        var cold = Searched(SpaceOf(Hardware(), problem), 300, seed: 4);
        Assert.Equal(cold.Trace.Points, warm.Trace.Points);
    }

    [Fact]
    public void Only_a_search_that_has_not_started_can_be_warm_started()
    {
        var search = Searched(EyerissMapSpace.Create(), 10);
        Assert.Throws<InvalidOperationException>(() => search.WarmStart([search.BestMapping!]));
    }

    [Fact]
    public void A_warm_started_search_continues_exactly_after_the_trip_through_a_snapshot()
    {
        var donor = Searched(EyerissMapSpace.Create(), 2000).BestMapping!;
        var once = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 21));
        once.WarmStart([donor]);
        once.Run(1500);

        var first = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 21));
        first.WarmStart([donor]);
        first.Run(400);
        var second = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 21));
        second.Restore(first.Snapshot());
        second.Run(1100);

        Assert.Equal(once.Trace.Points, second.Trace.Points);
        Assert.Equal(once.BestMapping, second.BestMapping, MappingComparer.Instance);
    }

    [Theory]
    [InlineData("row_stationary")]
    [InlineData("weight_stationary")]
    [InlineData("output_stationary")]
    public void A_searched_mapping_survives_the_timeloop_text_unchanged(string dataflow)
    {
        // A resumed co-search reads its warm-start donors back from the mappings' Timeloop text.
        var hardware = Hardware(("dataflow", dataflow), ("pe_rows", "16"));
        foreach (var (network, layer) in new[] { ("VGG16", 3), ("ResNet-18", 0), ("BERT-base", 1) })
        {
            var problem = Layer(network, layer);
            var mapping = Searched(SpaceOf(hardware, problem), 1500).BestMapping!;
            var text = TimeloopMappingWriter.Write(mapping, problem, hardware.Architecture);
            Assert.Equal(mapping, TimeloopMappingReader.Parse(text, problem, hardware.ToTimeloop()), MappingComparer.Instance);
        }
    }
}
