using System.Collections.Immutable;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;
using Unico.Engine.Tests.Interop.Timeloop;

namespace Unico.Engine.Tests.CostModel;

/// <summary>
/// Beyond the oracle files: on random valid mappings of small layers (odd sizes, strides,
/// dilations, windows) on every oracle architecture, the fast evaluator counts every read, fill
/// and update exactly as the step-by-step simulation of Timeloop's nest analysis does, and takes
/// the same cycles.
/// </summary>
public sealed class EvaluatorAgainstSimulationTests
{
    public static TheoryData<string> Architectures() => ["ws_regs", "os_regs", "vector_pe", "row_stationary"];

    // (C, M, R, S, P, Q, stride, dilation): small enough for the simulation, varied enough for halos.
    private static readonly (int C, int M, int R, int S, int P, int Q, int Stride, int Dilation)[] Layers =
    [
        (3, 8, 3, 3, 6, 6, 1, 1),
        (4, 4, 5, 5, 7, 5, 1, 1),
        (2, 6, 3, 3, 5, 5, 2, 1),
        (4, 2, 3, 3, 4, 6, 1, 2),
        (6, 3, 1, 7, 3, 4, 1, 1),
        (8, 8, 1, 1, 9, 1, 1, 1),
    ];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Random_mappings_count_as_the_simulation_counts(string arch) => Compare(arch, constrained: true);

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Random_unconstrained_mappings_count_as_the_simulation_counts(string arch) => Compare(arch, constrained: false);

    // Without the architecture's constraints every loop may go anywhere: spatial windows, links
    // between neighbours and loop orders the designs never use.
    private static void Compare(string arch, bool constrained)
    {
        var (archFile, ert, art) = OracleCase.ArchFiles(arch);
        var tl = TimeloopArchitectureReader.Read(archFile, ert, art);
        var constraints = constrained ? tl.Constraints : ImmutableDictionary<string, LevelConstraints>.Empty;
        // UNICO_SIMULATION_MAPPINGS and UNICO_SIMULATION_SEED: a longer local sweep.
        var perLayer = int.TryParse(Environment.GetEnvironmentVariable("UNICO_SIMULATION_MAPPINGS"), out var n) ? n : 10;
        var random = new Prng(ulong.TryParse(Environment.GetEnvironmentVariable("UNICO_SIMULATION_SEED"), out var seed) ? seed : 2026);
        var compared = 0;
        foreach (var layer in Layers)
        {
            var problem = Conv(layer);
            MapSpace space;
            try
            {
                space = MapSpace.Create(problem, tl.Architecture, constraints, tl.ContainerLevels);
            }
            catch (UnicoInputException)
            {
                continue; // the architecture's fixed factors do not fit this layer
            }
            var evaluator = new CostModelEvaluator(problem, tl.Architecture);
            var state = new MapState(space);
            var found = 0;
            for (var attempt = 0; attempt < 400 * perLayer && found < perLayer; attempt++)
            {
                state.Randomize(random);
                var fast = evaluator.EvaluateDetailed(state.Buffer);
                if (!fast.IsValid) continue;
                found++;
                compared++;
                var simulated = NestSimulation.Run(problem, tl.Architecture, state.Buffer);
                foreach (var level in fast.Levels.Take(fast.Levels.Length - 1))
                {
                    var l = tl.Architecture.LevelIndex(level.Name);
                    foreach (var t in level.Tensors)
                    {
                        var s = problem.Shape.DataSpaceIndex(t.DataSpace);
                        var sim = simulated[l, s];
                        Assert.True(sim is not null, $"{arch} {layer}: {level.Name} {t.DataSpace} kept by the evaluator only");
                        var what = $"{arch} {layer} mapping #{found}: {level.Name} {t.DataSpace}";
                        if ((sim!.Reads != t.Reads || sim.Fills != t.Fills) && Environment.GetEnvironmentVariable("UNICO_DUMP") is { } dump) File.WriteAllText(dump, TimeloopMappingWriter.Write(state.Buffer.ToMapping(), problem, tl.Architecture) + "\n# " + what);
                        Assert.True(sim!.Reads == t.Reads, $"{what} reads: simulation {sim.Reads}, evaluator {t.Reads}");
                        Assert.True(sim.Fills == t.Fills, $"{what} fills: simulation {sim.Fills}, evaluator {t.Fills}");
                        Assert.True(sim.Updates == t.Updates, $"{what} updates: simulation {sim.Updates}, evaluator {t.Updates}");
                    }
                }
            }
        }
        Assert.True(compared >= 6, $"{arch}: only {compared} valid random mappings");
    }

    private static Problem Conv((int C, int M, int R, int S, int P, int Q, int Stride, int Dilation) l)
    {
        var shape = ProblemShapes.Conv2d(l.Stride, l.Stride, l.Dilation, l.Dilation);
        var bounds = shape.Dimensions.Select(d => d switch
        {
            "C" => l.C, "M" => l.M, "R" => l.R, "S" => l.S, "P" => l.P, "Q" => l.Q, _ => 1,
        }).ToImmutableArray();
        return new Problem(shape, bounds);
    }
}
