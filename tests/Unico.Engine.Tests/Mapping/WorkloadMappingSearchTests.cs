using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Mapping;

public sealed class WorkloadMappingSearchTests
{
    private static WorkloadMappingSearch Create(Workload workload, ulong seed = 1) => new(
        workload, EyerissMapSpace.Architecture.Architecture, EyerissMapSpace.Architecture.Constraints,
        EyerissMapSpace.Architecture.ContainerLevels, new MapperOptions(Seed: seed));

    [Fact]
    public void Identical_layers_are_searched_once_and_weighted_by_their_repeats()
    {
        var search = Create(WorkloadZoo.ResNet50);
        Assert.Equal(WorkloadZoo.ResNet50.DistinctLayers().Length, search.Layers.Count);
        Assert.True(search.Layers.Count < WorkloadZoo.ResNet50.LayerCount);
        search.RunTo(300);
        var cost = search.Cost();
        Assert.True(cost.Complete);
        var expected = search.Layers.Sum(l => (double)l.Search.BestSummary.Cycles * l.Layer.Repeat);
        Assert.Equal(expected, cost.Cycles);
        Assert.All(search.Layers, l => Assert.Equal(300, l.Search.Evaluations));
    }

    [Fact]
    public void Parallel_and_sequential_runs_give_the_same_result()
    {
        var parallel = Create(WorkloadZoo.ResNet18, seed: 4);
        var sequential = Create(WorkloadZoo.ResNet18, seed: 4);
        parallel.RunTo(400, maxParallelism: -1);
        sequential.RunTo(400, maxParallelism: 1);
        Assert.Equal(sequential.Cost(), parallel.Cost());
    }

    [Fact]
    public void Raising_the_budget_continues_every_layer_search()
    {
        var search = Create(WorkloadZoo.AlexNet);
        search.RunTo(200);
        var first = search.Cost();
        search.RunTo(2000);
        Assert.Equal(2000, search.PerLayerEvaluations);
        Assert.True(search.Cost().EnergyPj * search.Cost().Cycles <= first.EnergyPj * first.Cycles);
    }

    [Fact]
    public void Matmul_layers_map_on_hardware_whose_constraints_name_conv_dimensions()
    {
        var search = Create(WorkloadZoo.BertBase);
        search.RunTo(500);
        Assert.True(search.Cost().Complete);
    }
}
