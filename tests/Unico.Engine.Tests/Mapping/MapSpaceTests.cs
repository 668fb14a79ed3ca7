using System.Collections.Immutable;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.Mapping;

public sealed class MapSpaceTests
{
    [Fact]
    public void Fixed_factors_leave_only_the_free_primes_to_move()
    {
        var space = EyerissMapSpace.Create();
        // C3 M32 R3 S3 N1 P112 Q112: 1 + 5 + 1 + 1 + 0 + 5 + 5 primes.
        Assert.Equal(18, space.PrimeCount);
    }

    [Fact]
    public void A_constraint_on_an_unknown_level_is_an_error_naming_it()
    {
        var constraints = ImmutableDictionary<string, LevelConstraints>.Empty.Add("L9", LevelConstraints.None("L9") with { Bypass = ["Weights"] });
        var e = Assert.Throws<UnicoInputException>(() => MapSpace.Create(EyerissMapSpace.Problem, EyerissMapSpace.Architecture.Architecture, constraints));
        Assert.Equal("L9", e.Field);
    }

    [Fact]
    public void A_fixed_factor_that_does_not_divide_the_dimension_is_an_error()
    {
        var c = LevelConstraints.None("shared_glb") with { TemporalFactors = ImmutableDictionary<string, int>.Empty.Add("M", 5) };
        var all = TimeloopConstraintsReader.Combine(EyerissMapSpace.Architecture.Constraints, ImmutableDictionary<string, LevelConstraints>.Empty.Add("shared_glb", c));
        var e = Assert.Throws<UnicoInputException>(() => MapSpace.Create(EyerissMapSpace.Problem, EyerissMapSpace.Architecture.Architecture, all));
        Assert.Contains("does not divide", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constraints_file_adds_to_the_architecture_constraints()
    {
        var extra = TimeloopConstraintsReader.Parse("""
            constraints:
              targets:
              - target: shared_glb
                type: temporal
                factors: P=14
              - target: DRAM
                type: temporal
                permutation: [M, Q, P]
            """);
        var all = TimeloopConstraintsReader.Combine(EyerissMapSpace.Architecture.Constraints, extra);
        var space = MapSpace.Create(EyerissMapSpace.Problem, EyerissMapSpace.Architecture.Architecture, all, EyerissMapSpace.Architecture.ContainerLevels);
        var search = MappingSearch.Create(space, new MapperOptions(Seed: 1));
        search.Run(3000);
        var best = search.BestMapping!;
        var glb = space.Architecture.LevelIndex("shared_glb");
        Assert.Equal(14, best.Levels[glb].TemporalFactors[space.Problem.Shape.DimensionIndex("P")]);
        Assert.Equal(space.Problem.Shape.DimensionIndex("M"), best.Levels[0].TemporalOrder[0]);
        Assert.Contains(EyerissMapSpace.Architecture.Constraints["ifmap_spad"].Keep, k => k == "Inputs");
    }

    [Fact]
    public void An_unknown_constraint_type_is_rejected_with_its_line()
    {
        var e = Assert.Throws<UnicoInputException>(() => TimeloopConstraintsReader.Parse("constraints:\n  targets:\n  - target: DRAM\n    type: sideways\n"));
        Assert.Equal(3, e.Line);
    }
}
