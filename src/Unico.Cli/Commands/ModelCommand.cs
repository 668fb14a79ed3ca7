using System.CommandLine;

namespace Unico.Cli.Commands;

internal static class ModelCommand
{
    public static Command Create()
    {
        var cmd = new Command("model", "Evaluate one mapping of one layer on one architecture.");
        cmd.SetAction(_ => 0);
        return cmd;
    }
}
