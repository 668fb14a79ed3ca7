using System.CommandLine;

namespace Unico.Cli.Commands;

/// <summary>`unico bench ...`: speed and quality benchmarks of the engine's parts.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks: cost-model speed, mapper and optimizer quality.");
        bench.Subcommands.Add(BenchModelCommand.Create());
        bench.Subcommands.Add(BenchMapperCommand.Create());
        bench.Subcommands.Add(BenchMoboCommand.Create());
        bench.Subcommands.Add(BenchSuggestCommand.Create());
        return bench;
    }
}
