using System.CommandLine;
using System.Text.Json;
using Unico.Cli.Commands;

namespace Unico.Engine.Tests.Optimization.CliTests;

[CollectionDefinition("Console output", DisableParallelization = true)]
public sealed class ConsoleOutputGroup;

[Collection("Console output")]
public class BenchMoboCommandTests
{
    private static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(BenchCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Theory]
    [InlineData("--problem", "nope", "--algorithm", "sobol")]
    [InlineData("--problem", "zdt1", "--algorithm", "nope")]
    [InlineData("--problem", "zdt1", "--algorithm", "sobol", "--q", "0")]
    [InlineData("--problem", "zdt1", "--algorithm", "sobol", "--init", "0")]
    [InlineData("--problem", "zdt1", "--algorithm", "sobol", "--seeds", "-2")]
    [InlineData("--problem", "zdt1", "--algorithm", "sobol", "--batches", "0")]
    [InlineData("--problem", "zdt1", "--algorithm", "sobol", "--noise-se", "1")]
    public void Bad_arguments_exit_non_zero_with_a_message_naming_the_option(params string[] args)
    {
        var (code, _, err) = Invoke(["bench", "mobo", .. args]);
        Assert.NotEqual(0, code);
        var named = args.Length > 4 ? args[4] : args[0] == "--problem" && args[1] == "nope" ? "--problem" : "--algorithm";
        Assert.Contains(named, err);
    }

    [Fact]
    public void Json_output_has_the_documented_fields_with_one_list_per_seed()
    {
        var (code, output, err) = Invoke("bench", "mobo", "--problem", "zdt1", "--algorithm", "sobol", "--init", "4", "--batches", "2", "--q", "2", "--seeds", "2", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("zdt1", root.GetProperty("problem").GetString());
        Assert.Equal("sobol", root.GetProperty("algorithm").GetString());
        Assert.Equal(120.0 + 2.0 / 3.0, root.GetProperty("max_hv").GetDouble(), 9);
        var perSeed = root.GetProperty("per_seed");
        Assert.Equal(2, perSeed.GetArrayLength());
        Assert.All(perSeed.EnumerateArray(), s => Assert.Equal(3, s.GetArrayLength()));
        Assert.True(root.GetProperty("final_hv_median").GetDouble() > 0);
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Text_output_reports_each_seed_and_the_median()
    {
        var (code, output, _) = Invoke("bench", "mobo", "--problem", "branincurrin", "--algorithm", "random", "--init", "4", "--batches", "1", "--q", "2", "--seeds", "2");
        Assert.Equal(0, code);
        Assert.Contains("seed 0:", output);
        Assert.Contains("seed 1:", output);
        Assert.Contains("median final hv", output);
    }

    [Fact]
    public void Suggest_timing_command_reports_seconds_per_suggestion()
    {
        var (code, output, err) = Invoke("bench", "suggest", "--problem", "zdt1", "--algorithm", "nsga2", "--observations", "10", "--q", "2", "--repeats", "1");
        Assert.True(code == 0, err);
        Assert.Contains("per Suggest(2)", output);
        var (bad, _, badErr) = Invoke("bench", "suggest", "--observations", "0");
        Assert.NotEqual(0, bad);
        Assert.Contains("--observations", badErr);
    }
}
