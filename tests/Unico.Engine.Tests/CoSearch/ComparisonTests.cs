using Unico.Engine.CoSearch;

namespace Unico.Engine.Tests.CoSearch;

public sealed class ComparisonTests
{
    private const string Config = """
        {
          "name": "c",
          "workloads": { "training": ["AlexNet"] },
          "space": "eyeriss-like",
          "full_budget": 180,
          "budget": { "mapping_evaluations": 30000 },
          "seeds": [1],
          "algorithms": [
            { "name": "unico", "algorithm": "unico", "settings": { "b0": 20, "batch_size": 4 } },
            { "name": "hasco", "algorithm": "hasco" }
          ]
        }
        """;

    private static CoSearchResult Run(ComparisonConfig config, ComparisonEntry entry, long evaluationsPerPoint)
    {
        // The same three designs, found at a cost proportional to evaluationsPerPoint.
        double[][] objectives = [[10, 20, 0.5], [11, 19, 0.6], [12, 18, 0.4]];
        var points = objectives.Select((o, i) => new PointOutcome(i, 0, new Dictionary<string, string>(), [i], Math.Exp(o[0]), Math.Exp(o[1]), Math.Exp(o[2]),
            o, true, 180, true, null, 0.8, 0.25, evaluationsPerPoint, [])).ToList();
        var history = points.Select((_, i) => new HypervolumePoint(evaluationsPerPoint * (i + 1), i + 1, 0, i + 1)).ToList();
        return new CoSearchResult(config.RunConfig(entry, 1), RunOutcome.Succeeded, points, [0, 1, 2], [0, 1, 2], history, evaluationsPerPoint * 3, 3, null, null);
    }

    [Fact]
    public void Speed_up_is_hascos_evaluations_to_its_final_hypervolume_over_the_contestants()
    {
        var config = ComparisonConfigJson.Parse(Config);
        var unico = config.Entries.Single(e => e.Name == "unico");
        var hasco = config.Entries.Single(e => e.Name == "hasco");
        var scored = ComparisonScoring.Score(config, [(unico, 1UL, Run(config, unico, 250)), (hasco, 1UL, Run(config, hasco, 1000))]);
        var u = scored.Summaries.Single(s => s.Name == "unico");
        var h = scored.Summaries.Single(s => s.Name == "hasco");
        Assert.Equal(h.FinalHypervolumeMedian, u.FinalHypervolumeMedian, 12);
        Assert.Equal(3000, h.EvaluationsToHascoFinalMedian);
        Assert.Equal(750, u.EvaluationsToHascoFinalMedian);
        Assert.Equal(4.0, u.SpeedupVsHasco!.Value, 12);
        Assert.Equal(1.0, h.SpeedupVsHasco!.Value, 12);
    }

    [Fact]
    public void The_report_json_and_plots_are_written_from_the_scored_result_alone()
    {
        var config = ComparisonConfigJson.Parse(Config);
        var unico = config.Entries.Single(e => e.Name == "unico");
        var hasco = config.Entries.Single(e => e.Name == "hasco");
        var scored = ComparisonScoring.Score(config, [(unico, 1UL, Run(config, unico, 250)), (hasco, 1UL, Run(config, hasco, 1000))]);

        var report = ComparisonReport.Markdown(scored);
        Assert.Contains("| unico | ", report, StringComparison.Ordinal);
        Assert.Contains("4.00x", report, StringComparison.Ordinal);
        Assert.Contains("Objectives: latency, energy, area", report, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ComparisonReport.Json(scored))!;
        Assert.Equal(4.0, json["algorithms"]!["unico"]!["speedup_vs_hasco"]!.GetValue<double>(), 12);
        Assert.Equal("hasco", json["config"]!["algorithms"]![1]!["algorithm"]!.GetValue<string>());
        Assert.StartsWith("<svg", ComparisonReport.Plot(scored, CurveAxis.Seconds), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_contestant_gets_the_comparisons_full_budget_and_seeds()
    {
        var config = ComparisonConfigJson.Parse(Config);
        Assert.All(config.Entries, e => Assert.Equal(180, config.RunConfig(e, 1).Settings.FullBudget));
        Assert.Equal(20, config.RunConfig(config.Entries[0], 1).Settings.InitialBudget);
        Assert.Equal(7UL, config.RunConfig(config.Entries[1], 7).Seed);
    }

    [Fact]
    public void A_written_comparison_config_reads_back_as_the_same_comparison()
    {
        var config = ComparisonConfigJson.Parse(Config.Replace("\"seeds\": [1]", "\"seeds\": [1, 5], \"clock_ghz\": 2, \"settings\": { \"eta\": 4 }", StringComparison.Ordinal));
        var written = ComparisonConfigJson.Write(config);
        var again = ComparisonConfigJson.Parse(written);

        Assert.Equal(written, ComparisonConfigJson.Write(again));
        Assert.Equal([1UL, 5UL], again.Seeds);
        Assert.Equal(config.Entries.Select(e => e.Name), again.Entries.Select(e => e.Name));
        foreach (var entry in config.Entries)
        {
            var other = again.Entries.Single(e => e.Name == entry.Name);
            Assert.Equal(config.RunConfig(entry, 5).Settings, again.RunConfig(other, 5).Settings);
            Assert.Equal(CoSearchConfigJson.Write(config.RunConfig(entry, 5)), CoSearchConfigJson.Write(again.RunConfig(other, 5)));
        }
        Assert.Equal(4, again.RunConfig(again.Entries[1], 1).Settings.Eta);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("1")]
    [InlineData("[]")]
    public void A_contestants_settings_that_are_not_an_object_are_refused_naming_them(string value)
    {
        var e = Assert.Throws<UnicoInputException>(() => ComparisonConfigJson.Parse(Config.Replace("\"settings\": { \"b0\": 20, \"batch_size\": 4 }", $"\"settings\": {value}", StringComparison.Ordinal)));
        Assert.Equal("algorithms[0].settings", e.Field);
    }

    [Fact]
    public void A_contestants_bad_setting_is_named_in_the_comparisons_terms()
    {
        var e = Assert.Throws<UnicoInputException>(() => ComparisonConfigJson.Parse(Config.Replace("\"b0\": 20", "\"b0\": -2", StringComparison.Ordinal)));
        Assert.Equal("algorithms[0].settings.b0", e.Field);
        Assert.Contains("unico:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contestant_cannot_set_its_own_full_budget()
    {
        var e = Assert.Throws<UnicoInputException>(() => ComparisonConfigJson.Parse(Config.Replace("\"b0\": 20,", "\"b0\": 20, \"full_budget\": 999,", StringComparison.Ordinal)));
        Assert.Equal("algorithms[0].settings.full_budget", e.Field);
    }

    [Fact]
    public void A_seed_listed_twice_is_rejected()
    {
        var e = Assert.Throws<UnicoInputException>(() => ComparisonConfigJson.Parse(Config.Replace("[1]", "[1, 1]", StringComparison.Ordinal)));
        Assert.Equal("seeds[1]", e.Field);
    }
}
