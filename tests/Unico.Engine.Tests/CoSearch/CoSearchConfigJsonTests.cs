using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.CoSearch;

public sealed class CoSearchConfigJsonTests
{
    /// <summary>A valid config (the hostile-input tests start from it too).</summary>
    internal const string Valid = """
        {
          "name": "t",
          "workloads": { "training": ["AlexNet"], "held_out": ["ResNet-18"] },
          "space": "eyeriss-like",
          "objectives": ["latency", "energy"],
          "algorithm": "unico",
          "settings": { "initial_points": 4, "batch_size": 2, "b0": 20, "eta": 3, "full_budget": 180 },
          "budget": { "mapping_evaluations": 50000 },
          "seed": 3
        }
        """;

    [Fact]
    public void A_config_round_trips_through_its_json()
    {
        var config = CoSearchConfigJson.Parse(Valid);
        Assert.Equal(CoSearchAlgorithm.Unico, config.Algorithm);
        Assert.Equal(180, config.Settings.FullBudget);
        Assert.Equal(3UL, config.Seed);
        var again = CoSearchConfigJson.Parse(CoSearchConfigJson.Write(config));
        Assert.Equal(CoSearchConfigJson.Write(config), CoSearchConfigJson.Write(again));
    }

    [Fact]
    public void An_empty_training_workload_list_is_rejected()
    {
        var e = Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(Valid.Replace("\"training\": [\"AlexNet\"]", "\"training\": []", StringComparison.Ordinal)));
        Assert.Equal("workloads.training", e.Field);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void The_acquisition_is_read_by_name_and_an_unknown_one_is_refused_with_the_choices()
    {
        var parego = CoSearchConfigJson.Parse(Valid.Replace("\"eta\": 3", "\"eta\": 3, \"acquisition\": \"qParEGO\"", StringComparison.Ordinal));
        Assert.Equal(CoSearchAcquisition.Qparego, parego.Settings.Acquisition);
        Assert.Contains("\"acquisition\": \"qparego\"", CoSearchConfigJson.Write(parego), StringComparison.Ordinal);
        var e = Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(Valid.Replace("\"eta\": 3", "\"eta\": 3, \"acquisition\": \"ucb\"", StringComparison.Ordinal)));
        Assert.Equal("settings.acquisition", e.Field);
        Assert.Contains("qnehvi, qparego", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_vocabulary_of_a_config_is_written_and_read_by_the_one_naming_table()
    {
        var config = CoSearchConfigJson.Parse(Valid) with
        {
            Algorithm = CoSearchAlgorithm.Nsga2,
            Mapper = new MapperOptions(MappingStrategy.RandomPruned, MappingObjective.Energy),
        };
        config = config with
        {
            Settings = config.Settings with
            {
                Surrogate = SurrogateFidelity.HighFidelityOnly, RobustnessMeasure = RobustnessMeasure.CrossValidated, Robustness = RobustnessUse.Penalty,
                Ranking = RungRanking.Scalar, Promotion = PromotionScope.Point, OptimizerCost = OptimizerCost.Full,
            },
        };
        var json = CoSearchConfigJson.Write(config);
        foreach (var name in new[] { "nsga2", "random_pruned", "energy", "high_fidelity_only", "cross_validated", "penalty", "scalar", "point", "full" })
            Assert.Contains($"\"{name}\"", json, StringComparison.Ordinal);
        Assert.Equal(json, CoSearchConfigJson.Write(CoSearchConfigJson.Parse(json)));
        // Timeloop's spelling of the strategy reads too; a name outside the table does not.
        var timeloop = CoSearchConfigJson.Parse(Valid.Replace("\"seed\": 3", "\"seed\": 3, \"mapper\": { \"strategy\": \"random-pruned\" }", StringComparison.Ordinal));
        Assert.Equal(MappingStrategy.RandomPruned, timeloop.Mapper.Strategy);
        var e = Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(Valid.Replace("\"eta\": 3", "\"eta\": 3, \"surrogate\": \"highfidelityonly\"", StringComparison.Ordinal)));
        Assert.Equal("settings.surrogate", e.Field);
        Assert.Contains(string.Join(", ", EnumNames.All<SurrogateFidelity>()), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_setting_is_rejected_with_its_line()
    {
        var e = Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(Valid.Replace("\"eta\": 3", "\"etta\": 3", StringComparison.Ordinal)));
        Assert.Equal("settings.etta", e.Field);
        Assert.Equal(7, e.Line);
        Assert.Contains("unknown key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_below_one_rung_is_rejected_naming_the_budget()
    {
        var config = CoSearchConfigJson.Parse(Valid.Replace("50000", "100", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => CoSearchRun.Create(config));
        Assert.Equal("budget.mapping_evaluations", e.Field);
        Assert.Contains("below one rung", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_workload_is_rejected_naming_the_field()
    {
        var config = CoSearchConfigJson.Parse(Valid.Replace("\"AlexNet\"", "\"NoSuchNet\"", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => CoSearchRun.Create(config));
        Assert.Equal("workloads.training", e.Field);
    }

    [Theory]
    [InlineData("\"algorithm\": \"unico\"", "\"algorithm\": \"genetic\"", "algorithm")]
    [InlineData("\"b0\": 20", "\"b0\": 2000", "settings.b0")]
    [InlineData("\"objectives\": [\"latency\", \"energy\"]", "\"objectives\": [\"latency\", \"latency\"]", "objectives[1]")]
    public void Bad_values_are_rejected_naming_the_field(string from, string to, string field)
    {
        var e = Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(Valid.Replace(from, to, StringComparison.Ordinal)));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void A_config_that_sets_b0_or_eta_has_a_fixed_schedule_unless_it_says_derived()
    {
        Assert.Equal(HalvingSchedule.Fixed, CoSearchConfigJson.Parse(Valid).Settings.Schedule);
        var plain = Valid.Replace("\"b0\": 20, \"eta\": 3, ", "", StringComparison.Ordinal);
        Assert.Equal(HalvingSchedule.Derived, CoSearchConfigJson.Parse(plain).Settings.Schedule);
        var derived = Valid.Replace("\"b0\": 20,", "\"b0\": 20, \"schedule\": \"derived\",", StringComparison.Ordinal);
        Assert.Equal(HalvingSchedule.Derived, CoSearchConfigJson.Parse(derived).Settings.Schedule);
    }

    [Fact]
    public void The_settings_of_the_matrix_candidates_are_read_and_written()
    {
        var json = Valid.Replace("\"full_budget\": 180", "\"full_budget\": 180, \"promotion\": \"point\", \"feasibility_filter\": false, \"surrogate\": \"corrected\", " +
            "\"optimizer_cost\": \"full\", \"robustness_measure\": \"cross_validated\", \"robustness_quantile\": 0.25", StringComparison.Ordinal);
        var s = CoSearchConfigJson.Parse(json).Settings;
        Assert.Equal(PromotionScope.Point, s.Promotion);
        Assert.False(s.FeasibilityFilter);
        Assert.Equal(SurrogateFidelity.Corrected, s.Surrogate);
        Assert.Equal(OptimizerCost.Full, s.OptimizerCost);
        Assert.Equal(RobustnessMeasure.CrossValidated, s.RobustnessMeasure);
        Assert.Equal(0.25, s.RobustnessQuantile);
        Assert.Equal(s, CoSearchConfigJson.Parse(CoSearchConfigJson.Write(CoSearchConfigJson.Parse(json))).Settings);
    }

    [Fact]
    public void A_robustness_quantile_outside_zero_one_is_rejected()
    {
        var json = Valid.Replace("\"full_budget\": 180", "\"full_budget\": 180, \"robustness_quantile\": 1.5", StringComparison.Ordinal);
        Assert.Equal("settings.robustness_quantile", Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(json)).Field);
    }
}
