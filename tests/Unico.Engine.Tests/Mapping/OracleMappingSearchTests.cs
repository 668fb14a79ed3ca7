using System.Collections.Concurrent;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;
using Unico.Engine.Tests.Interop.Timeloop;

namespace Unico.Engine.Tests.Mapping;

/// <summary>
/// On every (architecture, layer) pair of the oracle set, Timeloop's own designs: the default
/// search finds a valid mapping within 100,000 evaluations, every mapping either strategy emits
/// keeps every constraint of the design (checked by <see cref="ConstraintCheck"/>, not by the
/// sampler), and the mapping file written for it names every level and reads back to the same
/// cycles and energy.
/// </summary>
public sealed class OracleMappingSearchTests
{
    public static TheoryData<string, MappingStrategy, long> Searches() => new()
    {
        { "ws_regs", MappingStrategy.Annealing, 100_000 },
        { "os_regs", MappingStrategy.Annealing, 100_000 },
        { "vector_pe", MappingStrategy.Annealing, 100_000 },
        { "row_stationary", MappingStrategy.Annealing, 100_000 },
        { "ws_regs", MappingStrategy.RandomPruned, 20_000 },
        { "os_regs", MappingStrategy.RandomPruned, 20_000 },
        { "vector_pe", MappingStrategy.RandomPruned, 20_000 },
        { "row_stationary", MappingStrategy.RandomPruned, 20_000 },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public void Every_layer_gets_a_valid_mapping_inside_the_designs_constraints(string arch, MappingStrategy strategy, long budget)
    {
        var (archFile, ert, art) = OracleCase.ArchFiles(arch);
        var tl = TimeloopArchitectureReader.Read(archFile, ert, art);
        var layers = Directory.GetFiles(Path.Combine(TestPaths.Oracle, "problems"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(layers, file =>
        {
            var layer = Path.GetFileNameWithoutExtension(file);
            var problem = TimeloopProblemReader.Read(file);
            var search = MappingSearch.Create(tl.MapSpace(problem), new MapperOptions(strategy, Seed: 1));
            search.Run(budget);
            if (search.BestMapping is not { } best)
            {
                failures.Add($"{arch} {layer}: no valid mapping in {budget} evaluations");
                return;
            }
            foreach (var v in ConstraintCheck.Violations(best, problem, tl.Architecture, tl.Constraints, tl.ContainerLevels, tl.ParallelGroups.Select(g => (IReadOnlyList<string>)g)))
                failures.Add($"{arch} {layer}: {v}");

            var yaml = TimeloopMappingWriter.Write(best, problem, tl.Architecture);
            foreach (var level in tl.Architecture.Levels)
            {
                if (!yaml.Contains($"- target: {level.Name}\n    type: temporal", StringComparison.Ordinal)
                    || !yaml.Contains($"- target: {level.Name}\n    type: datatype", StringComparison.Ordinal))
                    failures.Add($"{arch} {layer}: the written mapping lacks the temporal or datatype directive of {level.Name}");
            }
            var evaluator = new CostModelEvaluator(problem, tl.Architecture);
            var direct = evaluator.EvaluateDetailed(best);
            var read = evaluator.EvaluateDetailed(TimeloopMappingReader.Parse(yaml, problem, tl));
            if (read.Cycles != direct.Cycles || Math.Abs(read.EnergyPj - direct.EnergyPj) > 1e-6 * direct.EnergyPj)
                failures.Add($"{arch} {layer}: the written mapping reads back to {read.Cycles} cycles, {read.EnergyPj} pJ instead of {direct.Cycles}, {direct.EnergyPj}");
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void The_check_names_each_broken_constraint()
    {
        var c = OracleCase.Get("row_stationary__resnet18_conv4");
        var spec = c.Spec();
        var tl = spec.Architecture;
        var arch = tl.Architecture;
        var good = spec.Mapping;
        Assert.Empty(ConstraintCheck.Violations(good, spec.Problem, arch, tl.Constraints, tl.ContainerLevels, tl.ParallelGroups.Select(g => (IReadOnlyList<string>)g)));

        int L(string name) => arch.LevelIndex(name);
        int D(string name) => spec.Problem.Shape.DimensionIndex(name);
        int S(string name) => spec.Problem.Shape.DataSpaceIndex(name);
        MappingSpec With(int level, Func<LevelMapping, LevelMapping> change) =>
            new([.. good.Levels.Select((m, i) => i == level ? change(m) : m)]);

        // pspad keeps Weights besides wspad: two branches of one !Parallel group, and a bypass broken.
        var weightsTwice = With(L("pspad"), m => m with { Keep = m.Keep.SetItem(S("Weights"), true) });
        var v = ConstraintCheck.Violations(weightsTwice, spec.Problem, arch, tl.Constraints, tl.ContainerLevels, tl.ParallelGroups.Select(g => (IReadOnlyList<string>)g));
        Assert.Contains(v, x => x.Contains("one !Parallel group", StringComparison.Ordinal) && x.Contains("pspad", StringComparison.Ordinal));

        // A factor the constraints fix at 1 (ispad: every temporal factor 1).
        var ispad = L("ispad");
        var moved = With(ispad, m => m with { TemporalFactors = m.TemporalFactors.SetItem(D("N"), 2) });
        Assert.Contains(ConstraintCheck.Violations(moved, spec.Problem, arch, tl.Constraints, tl.ContainerLevels),
            x => x.StartsWith("ispad: temporal factor of N must be 1", StringComparison.Ordinal));

        // A spatial order against the permutation [Q, M, ...] of the column fan-out (both non-unit).
        var col = L("inter_col_spatial");
        var swapped = With(col, m => m with
        {
            SpatialFactors = m.SpatialFactors.SetItem(D("Q"), 2).SetItem(D("M"), 4),
            SpatialOrder = [D("M"), D("Q"), D("C"), D("R"), D("S"), D("N"), D("P")],
            SpatialSplit = 7,
        });
        Assert.Contains(ConstraintCheck.Violations(swapped, spec.Problem, arch, tl.Constraints, tl.ContainerLevels),
            x => x.StartsWith("inter_col_spatial: spatial loops on X [M, Q]", StringComparison.Ordinal));
    }
}
