using System.CommandLine;
using Unico.Cli.Commands;

var root = new RootCommand("Unico: hardware-software co-design for DNN accelerators.");
root.Subcommands.Add(ModelCommand.Create());
root.Subcommands.Add(MapCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(WorkloadsCommand.Create());
root.Subcommands.Add(SpacesCommand.Create());
return root.Parse(args).Invoke();
