using Unico.Engine.CostModel;
using Unico.Engine.Mapping;
using Unico.Engine.Tests.Mapping;

namespace Unico.Engine.Tests.CostModel;

public sealed class ClosedFormFillsTests
{
    [Fact]
    public void The_closed_form_for_tensors_without_sliding_windows_equals_the_general_delta_analysis()
    {
        var space = EyerissMapSpace.Create();
        var search = MappingSearch.Create(space, new MapperOptions(MappingStrategy.RandomPruned, Seed: 17));
        var fast = new CostModelEvaluator(space.Problem, space.Architecture);
        var general = new CostModelEvaluator(space.Problem, space.Architecture) { ClosedFormForPureTensors = false };
        var compared = 0;
        for (var i = 0; i < 300; i++)
        {
            search.Run(1);
            var mapping = search.BestMapping;
            if (mapping is null) continue;
            var a = fast.EvaluateDetailed(mapping);
            var b = general.EvaluateDetailed(mapping);
            Assert.Equal(b.Cycles, a.Cycles);
            Assert.Equal(b.EnergyPj, a.EnergyPj, 6);
            Assert.Equal(b.Levels.SelectMany(l => l.Tensors.Select(t => (t.Reads, t.Fills, t.Updates))),
                         a.Levels.SelectMany(l => l.Tensors.Select(t => (t.Reads, t.Fills, t.Updates))));
            compared++;
        }
        Assert.True(compared > 10);
    }

    [Fact]
    public void Random_mappings_agree_between_the_closed_form_and_the_general_analysis()
    {
        // Random (not only best-so-far) mappings: exercise many loop orders and bypass choices.
        var space = EyerissMapSpace.Create();
        var fast = new CostModelEvaluator(space.Problem, space.Architecture);
        var general = new CostModelEvaluator(space.Problem, space.Architecture) { ClosedFormForPureTensors = false };
        var state = new MapState(space);
        var random = new Prng(5);
        var valid = 0;
        for (var i = 0; i < 2000; i++)
        {
            state.Randomize(random);
            var a = fast.Evaluate(state.Buffer);
            var b = general.Evaluate(state.Buffer);
            Assert.Equal(b.Invalidity, a.Invalidity);
            Assert.Equal(b.Cycles, a.Cycles);
            Assert.Equal(b.EnergyPj, a.EnergyPj, 6);
            if (a.IsValid) valid++;
        }
        Assert.True(valid > 100);
    }
}
