using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.Mapping;

public sealed class MappingSearchSnapshotTests
{
    [Fact]
    public void A_restored_search_reports_what_the_search_that_ran_found_after_the_trip_through_json()
    {
        var options = new MapperOptions(Seed: 11);
        var ran = MappingSearch.Create(EyerissMapSpace.Create(), options);
        ran.Run(2500);
        // Through JSON, as a result travels between processes.
        var result = new RungItemResult(3, 1, 0, [new LayerSnapshot(0, ran.Snapshot())]);
        var travelled = RungWorkJson.ReadResult(RungWorkJson.Write(result), "test").Layers[0].Search;

        var copy = MappingSearch.Create(EyerissMapSpace.Create(), options);
        copy.Restore(travelled);

        Assert.Equal(ran.Evaluations, copy.Evaluations);
        Assert.Equal(ran.ValidEvaluations, copy.ValidEvaluations);
        Assert.Equal(ran.BestCost, copy.BestCost);
        Assert.Equal(ran.BestSummary, copy.BestSummary);
        Assert.Equal(ran.Trace.Points, copy.Trace.Points);
        Assert.Equal(ran.BestMapping, copy.BestMapping, MappingComparer.Instance);
        Assert.Equal(ran.BestEvaluation()!.Cycles, copy.BestEvaluation()!.Cycles);
        Assert.Equal(ran.HasPlateaued(500, 0.01), copy.HasPlateaued(500, 0.01));
    }

    [Theory]
    [InlineData(MappingStrategy.Annealing)]
    [InlineData(MappingStrategy.RandomPruned)]
    public void A_restored_search_continues_exactly_as_the_search_that_ran(MappingStrategy strategy)
    {
        var options = new MapperOptions(strategy, Seed: 13, ReheatAfter: 700);
        var once = MappingSearch.Create(EyerissMapSpace.Create(), options);
        once.Run(6000);

        var first = MappingSearch.Create(EyerissMapSpace.Create(), options);
        first.Run(1777);
        var json = RungWorkJson.Write(new RungItemResult(0, 0, 0, [new LayerSnapshot(0, first.Snapshot())]));
        var second = MappingSearch.Create(EyerissMapSpace.Create(), options);
        second.Restore(RungWorkJson.ReadResult(json, "test").Layers[0].Search);
        second.Run(6000 - 1777);

        Assert.Equal(once.Evaluations, second.Evaluations);
        Assert.Equal(once.ValidEvaluations, second.ValidEvaluations);
        Assert.Equal(once.BestCost, second.BestCost);
        Assert.Equal(once.Trace.Points, second.Trace.Points);
        Assert.Equal(once.BestMapping, second.BestMapping, MappingComparer.Instance);
        Assert.Equal(RungWorkJson.Write(new RungItemResult(0, 0, 0, [new LayerSnapshot(0, once.Snapshot())])),
            RungWorkJson.Write(new RungItemResult(0, 0, 0, [new LayerSnapshot(0, second.Snapshot())])));
    }

    [Fact]
    public void A_search_without_a_valid_mapping_survives_the_trip_with_its_infinite_cost()
    {
        var search = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 2));
        var json = RungWorkJson.Write(new RungItemResult(0, 0, 0, [new LayerSnapshot(0, search.Snapshot())]));
        var back = RungWorkJson.ReadResult(json, "test").Layers[0].Search;
        var copy = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 2));
        copy.Restore(back);
        Assert.False(copy.HasValidMapping);
        Assert.True(double.IsPositiveInfinity(copy.BestCost));
        Assert.Null(copy.BestMapping);
    }

    [Fact]
    public void A_snapshot_of_another_map_space_is_refused()
    {
        var search = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 2));
        search.Run(500);
        var snapshot = search.Snapshot();
        var wrong = snapshot with { Best = snapshot.Best! with { Temporal = [1, 2, 3] } };
        Assert.Throws<ArgumentException>(() => MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 2)).Restore(wrong));
    }

    [Fact]
    public void Damaged_rung_work_json_names_its_source()
    {
        var e = Assert.Throws<UnicoInputException>(() => RungWorkJson.ReadItem("{\"point_id\": \"x\"}", "mapping job 17"));
        Assert.Contains("mapping job 17", e.Message, StringComparison.Ordinal);
    }
}
