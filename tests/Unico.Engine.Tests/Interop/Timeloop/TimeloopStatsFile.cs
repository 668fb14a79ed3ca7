using System.Globalization;
using System.Text.RegularExpressions;

namespace Unico.Engine.Tests.Interop.Timeloop;

/// <summary>What Timeloop printed for one tensor at one level (per instance, as in the stats file).</summary>
internal sealed record ExpectedTensor(long Reads, long Fills, long Updates, long UtilizedCapacity, long UtilizedInstances, double EnergyPj);

/// <summary>What Timeloop printed for one level.</summary>
internal sealed record ExpectedLevel(string Name, Dictionary<string, ExpectedTensor> Tensors);

/// <summary>
/// Parses Timeloop's <c>*.stats.txt</c>, so tests compare against Timeloop's own numbers rather
/// than against copies of them.
/// </summary>
internal sealed partial class TimeloopStatsFile
{
    public required long Cycles { get; init; }
    public required long Computes { get; init; }
    public required double UtilizationPercent { get; init; }
    public required double TotalEnergyPj { get; init; }
    public required Dictionary<string, double> LevelEnergyPj { get; init; }
    public required List<ExpectedLevel> Levels { get; init; }

    public static TimeloopStatsFile Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        var levels = new List<ExpectedLevel>();
        ExpectedLevel? level = null;
        string? tensor = null;
        var values = new Dictionary<string, double>();
        void FlushTensor()
        {
            if (level is null || tensor is null) return;
            level.Tensors[tensor] = new ExpectedTensor(
                (long)values["Scalar reads (per-instance)"], (long)values["Scalar fills (per-instance)"],
                (long)values["Scalar updates (per-instance)"], (long)values["Utilized capacity"],
                (long)values["Utilized instances (max)"], values["Energy (total)"]);
            tensor = null;
            values.Clear();
        }

        var i = 0;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("Networks", StringComparison.Ordinal)) break;
            var header = LevelHeader().Match(line);
            if (header.Success)
            {
                FlushTensor();
                level = new ExpectedLevel(header.Groups[1].Value, []);
                levels.Add(level);
                continue;
            }
            var tensorHeader = TensorHeader().Match(line);
            if (tensorHeader.Success && level is not null)
            {
                FlushTensor();
                tensor = tensorHeader.Groups[1].Value;
                continue;
            }
            var kv = KeyValue().Match(line);
            if (kv.Success && tensor is not null) values[kv.Groups[1].Value.Trim()] = Number(kv.Groups[2].Value);
        }
        FlushTensor();

        long cycles = 0, computes = 0;
        double utilization = 0;
        var fj = new Dictionary<string, double>();
        var inFj = false;
        for (; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("Cycles:", StringComparison.Ordinal)) cycles = (long)Number(line["Cycles:".Length..]);
            else if (line.StartsWith("Utilization:", StringComparison.Ordinal)) utilization = Number(line["Utilization:".Length..].TrimEnd('%'));
            else if (line.StartsWith("Computes =", StringComparison.Ordinal)) computes = (long)Number(line["Computes =".Length..]);
            else if (line.StartsWith("fJ/Compute", StringComparison.Ordinal)) inFj = true;
            else if (inFj && line.Contains('=', StringComparison.Ordinal))
            {
                var parts = line.Split('=');
                fj[parts[0].Trim()] = Number(parts[1]);
            }
        }
        var levelEnergy = fj.Where(e => e.Key != "Total").ToDictionary(e => e.Key, e => e.Value * computes / 1000.0);
        return new TimeloopStatsFile
        {
            Cycles = cycles,
            Computes = computes,
            UtilizationPercent = utilization,
            TotalEnergyPj = fj["Total"] * computes / 1000.0,
            LevelEnergyPj = levelEnergy,
            Levels = levels,
        };
    }

    private static double Number(string text)
    {
        var token = text.Trim().Split(' ')[0];
        return double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^=== (\S+) ===$")]
    private static partial Regex LevelHeader();

    [GeneratedRegex(@"^    (\w+):\s*$")]
    private static partial Regex TensorHeader();

    [GeneratedRegex(@"^        ([^:]+?)\s*:\s*(.+)$")]
    private static partial Regex KeyValue();
}
