using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>Everything <c>timeloop-model</c> takes: problem, architecture (with its tables) and mapping.</summary>
/// <param name="Problem">The layer.</param>
/// <param name="Architecture">The architecture with constraints and warnings.</param>
/// <param name="Mapping">The mapping.</param>
public sealed record TimeloopSpec(Problem Problem, TimeloopArchitecture Architecture, MappingSpec Mapping)
{
    /// <summary>Warnings raised while reading.</summary>
    public ImmutableArray<string> Warnings => Architecture.Warnings;

    /// <summary>Loads Timeloop v0.4 files and Accelergy tables.</summary>
    public static TimeloopSpec Load(string archPath, string problemPath, string mappingPath, string ertPath, string? artPath = null)
    {
        var problem = TimeloopProblemReader.Read(problemPath);
        var architecture = TimeloopArchitectureReader.Read(archPath, ertPath, artPath);
        var mapping = TimeloopMappingReader.Read(mappingPath, problem, architecture);
        return new TimeloopSpec(problem, architecture, mapping);
    }

    /// <summary>Evaluates the mapping with Unico's cost model.</summary>
    public Evaluation Evaluate() => new CostModelEvaluator(Problem, Architecture.Architecture).EvaluateDetailed(Mapping);
}
