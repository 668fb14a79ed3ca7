using System.CommandLine;

namespace Unico.Cli.Commands;

internal static class BenchModelCommand
{
    public static Command Create()
    {
        var cmd = new Command("model", "Cost-model evaluations per second on one thread.");
        cmd.SetAction(_ => 0);
        return cmd;
    }
}
