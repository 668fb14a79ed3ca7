using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.Mapping;

public sealed class MappingSearchTests
{
    [Theory]
    [InlineData(MappingStrategy.Annealing)]
    [InlineData(MappingStrategy.RandomPruned)]
    public void Continuing_a_search_gives_the_same_result_as_one_search_of_the_total_budget(MappingStrategy strategy)
    {
        var options = new MapperOptions(strategy, Seed: 7);
        var once = MappingSearch.Create(EyerissMapSpace.Create(), options);
        once.Run(5000);
        var resumed = MappingSearch.Create(EyerissMapSpace.Create(), options);
        resumed.Run(1234);
        resumed.Run(3766);

        Assert.Equal(once.Evaluations, resumed.Evaluations);
        Assert.Equal(once.ValidEvaluations, resumed.ValidEvaluations);
        Assert.Equal(once.BestCost, resumed.BestCost);
        Assert.Equal(once.Trace.Points, resumed.Trace.Points);
        Assert.Equal(once.BestMapping, resumed.BestMapping, MappingComparer.Instance);
    }

    [Fact]
    public void The_same_seed_gives_the_same_search_and_another_seed_a_different_one()
    {
        var a = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 3));
        var b = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 3));
        var c = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 4));
        a.Run(3000);
        b.Run(3000);
        c.Run(3000);
        Assert.Equal(a.Trace.Points, b.Trace.Points);
        Assert.NotEqual(a.Trace.Points, c.Trace.Points);
    }

    [Fact]
    public void The_trace_records_the_best_cost_after_each_evaluation()
    {
        var search = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 11));
        search.Run(2000);
        var points = search.Trace.Points;
        Assert.NotEmpty(points);
        for (var i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].Evaluation > points[i - 1].Evaluation);
            Assert.True(points[i].Cost < points[i - 1].Cost);
        }
        Assert.Equal(search.BestCost, search.Trace.BestAfter(search.Evaluations));
        Assert.Equal(double.PositiveInfinity, search.Trace.BestAfter(0));
    }

    [Fact]
    public void The_best_mapping_respects_the_architecture_constraints()
    {
        var space = EyerissMapSpace.Create();
        var search = MappingSearch.Create(space, new MapperOptions(Seed: 5));
        search.Run(20_000);
        var best = search.BestMapping!;
        var arch = space.Architecture;
        var dims = space.Problem.Shape;
        int Level(string name) => arch.LevelIndex(name);
        int Dim(string name) => dims.DimensionIndex(name);

        // ifmap_spad: no temporal loops; psum_spad: only M; weights_spad: only C and R.
        Assert.All(best.Levels[Level("ifmap_spad")].TemporalFactors, f => Assert.Equal(1, f));
        var psum = best.Levels[Level("psum_spad")].TemporalFactors;
        Assert.All(Enumerable.Range(0, psum.Length).Where(x => x != Dim("M")), x => Assert.Equal(1, psum[x]));
        var weights = best.Levels[Level("weights_spad")].TemporalFactors;
        Assert.All(new[] { "N", "M", "P", "Q", "S" }, d => Assert.Equal(1, weights[Dim(d)]));
        // The column fan-out only spreads Q and M, along X; the PE fan-out never spreads N, P, Q, R, and uses Y.
        var columns = best.Levels[Level("inter_PE_column_spatial")];
        Assert.All(new[] { "N", "C", "P", "R", "S" }, d => Assert.Equal(1, columns.SpatialFactors[Dim(d)]));
        Assert.Equal(1, columns.SpatialY);
        var pes = best.Levels[Level("inter_PE_spatial")];
        Assert.All(new[] { "N", "P", "Q", "R" }, d => Assert.Equal(1, pes.SpatialFactors[Dim(d)]));
        Assert.Equal(1, pes.SpatialX);
        // Keep/bypass as constrained.
        var weightsIndex = dims.DataSpaceIndex("Weights");
        Assert.False(best.Levels[Level("shared_glb")].Keep[weightsIndex]);
        Assert.True(best.Levels[Level("weights_spad")].Keep[weightsIndex]);
    }

    [Fact]
    public void Annealing_beats_random_sampling_at_equal_budget()
    {
        var annealing = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(MappingStrategy.Annealing, Seed: 2));
        var random = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(MappingStrategy.RandomPruned, Seed: 2));
        annealing.Run(10_000);
        random.Run(10_000);
        Assert.True(annealing.BestCost < random.BestCost, $"annealing {annealing.BestCost:E3} vs random {random.BestCost:E3}");
    }

    [Fact]
    public void A_written_mapping_reads_back_to_the_same_evaluation()
    {
        var space = EyerissMapSpace.Create();
        var search = MappingSearch.Create(space, new MapperOptions(Seed: 9));
        search.Run(5000);
        var yaml = TimeloopMappingWriter.Write(search.BestMapping!, space.Problem, space.Architecture);
        var read = TimeloopMappingReader.Parse(yaml, space.Problem, EyerissMapSpace.Architecture);
        var evaluator = new CostModelEvaluator(space.Problem, space.Architecture);
        var direct = search.BestEvaluation()!;
        var roundTrip = evaluator.EvaluateDetailed(read);
        Assert.True(roundTrip.IsValid, roundTrip.InvalidReason);
        Assert.Equal(direct.Cycles, roundTrip.Cycles);
        Assert.Equal(direct.EnergyPj, roundTrip.EnergyPj, 6);
    }

    [Fact]
    public void The_latency_objective_reaches_full_array_utilization()
    {
        var latency = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Objective: MappingObjective.Latency, Seed: 2));
        latency.Run(20_000);
        Assert.Equal(latency.BestCost, latency.BestSummary.Cycles);
        Assert.Equal(EyerissMapSpace.Problem.Operations / 168, latency.BestSummary.Cycles);
    }

    [Fact]
    public void A_plateaued_search_is_detected()
    {
        var search = MappingSearch.Create(EyerissMapSpace.Create(), new MapperOptions(Seed: 1));
        search.Run(100);
        Assert.False(search.HasPlateaued(window: 1000, epsilon: 0.001));
        search.Run(60_000);
        Assert.True(search.HasPlateaued(window: 5000, epsilon: 0.001));
    }
}
