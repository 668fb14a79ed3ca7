using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Unico.Engine.CostModel;

namespace Unico.Cli.Commands;

/// <summary>`unico bench model`: cost-model evaluations per second on one thread, and allocation per evaluation.</summary>
internal static class BenchModelCommand
{
    public static Command Create()
    {
        var inputs = new TimeloopInputOptions(mappingRequired: true);
        var seconds = new Option<double>("--seconds") { Description = "How long to measure.", DefaultValueFactory = _ => 3.0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("model", "Cost-model evaluations per second on one thread, for the given mapping.");
        inputs.AddTo(cmd);
        cmd.Options.Add(seconds);
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var duration = parse.GetValue(seconds);
            if (duration <= 0 || double.IsNaN(duration)) throw new Engine.UnicoInputException("must be positive", field: "--seconds");
            var spec = inputs.Load(parse);
            var evaluator = new CostModelEvaluator(spec.Problem, spec.Architecture.Architecture);
            var mapping = MappingBuffer.From(spec.Mapping, spec.Problem.Shape.Dimensions.Length, spec.Problem.Shape.DataSpaces.Length);
            var result = Measure(evaluator, mapping, duration);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["evaluations_per_second"] = result.PerSecond,
                    ["evaluations_per_cpu_second"] = result.PerCpuSecond,
                    ["evaluations"] = result.Evaluations,
                    ["seconds"] = result.Seconds,
                    ["cpu_seconds"] = result.CpuSeconds,
                    ["allocated_bytes_per_evaluation"] = result.BytesPerEvaluation,
                    ["threads"] = 1,
                }.ToJsonString());
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                Console.WriteLine($"{result.PerSecond.ToString("N0", c)} evaluations/s on one thread " +
                                  $"({result.PerCpuSecond.ToString("N0", c)} per CPU-second; " +
                                  $"{result.Evaluations.ToString("N0", c)} in {result.Seconds.ToString("F2", c)} s, " +
                                  $"{result.BytesPerEvaluation.ToString("F1", c)} bytes allocated per evaluation)");
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>Wall-clock and CPU-time rates; the CPU-time rate is what one core sustains even when
    /// other processes share the machine.</summary>
    internal readonly record struct Measurement(
        long Evaluations, double Seconds, double PerSecond, double CpuSeconds, double PerCpuSecond, double BytesPerEvaluation);

    internal static Measurement Measure(CostModelEvaluator evaluator, MappingBuffer mapping, double seconds)
    {
        // Warm up (tiered JIT), then count evaluations in batches until the time is up.
        var sink = 0.0;
        for (var i = 0; i < 20_000; i++) sink += evaluator.Evaluate(mapping).EnergyPj;
        const int batch = 1000;
        long evaluations = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        while (watch.Elapsed < limit)
        {
            for (var i = 0; i < batch; i++) sink += evaluator.Evaluate(mapping).EnergyPj;
            evaluations += batch;
        }
        watch.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        GC.KeepAlive(sink);
        var elapsed = watch.Elapsed.TotalSeconds;
        return new Measurement(evaluations, elapsed, evaluations / elapsed, cpu, evaluations / cpu, (double)allocated / evaluations);
    }
}
