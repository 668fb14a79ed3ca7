using System.CommandLine;
using System.Globalization;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;

namespace Unico.Cli.Commands;

/// <summary>`unico model`: evaluate one mapping of one layer on one architecture, like timeloop-model.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var inputs = new TimeloopInputOptions(mappingRequired: true);
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a summary." };
        var cmd = new Command("model", "Evaluate one mapping of one layer on one architecture (Timeloop v0.4 files).");
        inputs.AddTo(cmd);
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var spec = inputs.Load(parse);
            foreach (var warning in spec.Warnings) Console.Error.WriteLine($"warning: {warning}");
            var result = spec.Evaluate();
            if (parse.GetValue(json))
            {
                Console.WriteLine(EvaluationJson.Serialize(result, spec.Warnings));
            }
            else
            {
                Console.Write(EvaluationText.Format(result, spec.Problem));
            }
            if (!result.IsValid)
            {
                Console.Error.WriteLine($"{parse.GetValue(inputs.Mapping)}: invalid mapping: {result.InvalidReason}");
                return ExitCodes.InvalidMapping;
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}

/// <summary>The options naming Timeloop input files, shared by model, map and bench.</summary>
internal sealed class TimeloopInputOptions
{
    public TimeloopInputOptions(bool mappingRequired)
    {
        Mapping.Required = mappingRequired;
    }

    public Option<string> Arch { get; } = new("--arch") { Description = "Timeloop v0.4 architecture YAML.", Required = true };

    public Option<string> Problem { get; } = new("--problem") { Description = "Timeloop problem YAML (one layer).", Required = true };

    public Option<string> Mapping { get; } = new("--mapping") { Description = "Timeloop mapping YAML." };

    public Option<string> Ert { get; } = new("--ert") { Description = "Accelergy energy reference table (*.ERT.yaml).", Required = true };

    public Option<string> Art { get; } = new("--art") { Description = "Accelergy area reference table (*.ART.yaml)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Arch);
        command.Options.Add(Problem);
        command.Options.Add(Mapping);
        command.Options.Add(Ert);
        command.Options.Add(Art);
    }

    public TimeloopSpec Load(ParseResult parse) => TimeloopSpec.Load(
        parse.GetValue(Arch)!, parse.GetValue(Problem)!, parse.GetValue(Mapping)!, parse.GetValue(Ert)!, parse.GetValue(Art));
}

/// <summary>A readable summary of an evaluation, laid out like Timeloop's summary.</summary>
internal static class EvaluationText
{
    public static string Format(Evaluation result, Problem problem)
    {
        var c = CultureInfo.InvariantCulture;
        var w = new StringWriter(c);
        if (!result.IsValid)
        {
            w.WriteLine($"Invalid mapping: {result.InvalidReason}");
            return w.ToString();
        }
        w.WriteLine($"Problem: {problem.Shape.Name} {string.Join(" ", problem.Shape.Dimensions.Select((d, i) => $"{d}={problem.Bounds[i]}"))}");
        w.WriteLine($"Computes:    {result.Computes.ToString("N0", c)}");
        w.WriteLine($"Cycles:      {result.Cycles.ToString("N0", c)}");
        w.WriteLine($"Energy:      {(result.EnergyPj / 1e6).ToString("F3", c)} uJ ({(result.EnergyPj / result.Computes * 1000).ToString("F2", c)} fJ/compute)");
        w.WriteLine($"Utilization: {(result.Utilization * 100).ToString("F2", c)} %");
        w.WriteLine($"Area:        {(result.AreaUm2 / 1e6).ToString("F4", c)} mm^2");
        w.WriteLine($"EDP:         {result.Edp.ToString("E3", c)} J*cycle");
        w.WriteLine();
        w.WriteLine($"{"level",-24} {"tensor",-10} {"tile",10} {"reads",14} {"fills",14} {"updates",14} {"inst",6} {"energy uJ",11}");
        foreach (var level in result.Levels)
        {
            w.WriteLine($"{level.Name,-24} {"",-10} {"",10} {"",14} {"",14} {"",14} {"",6} {(level.EnergyPj / 1e6).ToString("F4", c),11}");
            foreach (var t in level.Tensors)
            {
                w.WriteLine($"{"",-24} {t.DataSpace,-10} {t.Tile.ToString(c),10} {t.Reads.ToString(c),14} {t.Fills.ToString(c),14} {t.Updates.ToString(c),14} {t.UtilizedInstances.ToString(c),6} {(t.EnergyPj / 1e6).ToString("F4", c),11}");
            }
        }
        return w.ToString();
    }
}
