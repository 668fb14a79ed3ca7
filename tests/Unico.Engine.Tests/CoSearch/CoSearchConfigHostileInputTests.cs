using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.CoSearch;

/// <summary>Numbers, names and structure of a run config that used to wrap, overflow or crash (issue 15, defects 5-7).</summary>
public sealed class CoSearchConfigHostileInputTests
{
    private const string Valid = CoSearchConfigJsonTests.Valid;

    private static UnicoInputException Refused(string from, string to) =>
        Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(Valid.Replace(from, to, StringComparison.Ordinal)));

    [Theory]
    [InlineData("\"initial_points\": 4", "\"initial_points\": 4294967296", "settings.initial_points")]
    [InlineData("\"initial_points\": 4", "\"initial_points\": 4294967297", "settings.initial_points")]
    [InlineData("\"batch_size\": 2", "\"batch_size\": 4294967296", "settings.batch_size")]
    [InlineData("\"eta\": 3", "\"eta\": 4294967299", "settings.eta")]
    [InlineData("\"seed\": 3", "\"seed\": 3, \"threads\": 4294967297", "threads")]
    [InlineData("\"mapping_evaluations\": 50000", "\"mapping_evaluations\": 50000, \"iterations\": 4294967296", "budget.iterations")]
    [InlineData("\"seed\": 3", "\"seed\": 99999999999999999999999", "seed")]
    public void Integers_beyond_their_type_are_refused_not_wrapped(string from, string to, string field)
    {
        var e = Refused(from, to);
        Assert.Equal(field, e.Field);
        Assert.Contains("must be between", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"seed\": 3", "\"seed\": 3, \"clock_ghz\": 1e400", "clock_ghz")]
    [InlineData("\"mapping_evaluations\": 50000", "\"seconds\": 1e400", "budget.seconds")]
    [InlineData("\"seed\": 3", "\"seed\": 3, \"caps\": { \"area_mm2\": 1e400 }", "caps.area_mm2")]
    [InlineData("\"eta\": 3", "\"eta\": 3, \"plateau_epsilon\": 1e400", "settings.plateau_epsilon")]
    [InlineData("\"eta\": 3", "\"eta\": 3, \"robustness_quantile\": -1e400", "settings.robustness_quantile")]
    public void Decimals_must_be_finite(string from, string to, string field)
    {
        var e = Refused(from, to);
        Assert.Equal(field, e.Field);
        Assert.Contains("finite", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"algorithm\": 1")]
    [InlineData("\"algorithm\": \"1\"")]
    [InlineData("\"algorithm\": \"0x1\"")]
    [InlineData("\"algorithm\": \"unico,hasco\"")]
    [InlineData("\"algorithm\": \" unico\"")]
    public void Enums_are_taken_by_name_only(string algorithm) =>
        Assert.Equal("algorithm", Refused("\"algorithm\": \"unico\"", algorithm).Field);

    [Fact]
    public void Enums_by_name_still_read_in_any_case_with_underscores_or_hyphens()
    {
        var config = CoSearchConfigJson.Parse(Valid.Replace("\"eta\": 3", "\"eta\": 3, \"surrogate\": \"High-Fidelity_Only\"", StringComparison.Ordinal));
        Assert.Equal(SurrogateFidelity.HighFidelityOnly, config.Settings.Surrogate);
    }

    [Theory]
    [InlineData("\"workloads\": null")]
    [InlineData("\"space\": null")]
    [InlineData("\"budget\": null")]
    public void A_required_object_given_as_null_is_refused_naming_it(string field)
    {
        var key = field.Split('"')[1];
        var config = Valid.Replace("\"space\": \"eyeriss-like\"", "\"space\": \"eyeriss-like\", \"placeholder\": 0", StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(config)!.AsObject();
        json.Remove("placeholder");
        json[key] = null;
        var e = Assert.Throws<UnicoInputException>(() => CoSearchConfigJson.Parse(json.ToJsonString()));
        Assert.Equal(key, e.Field);
        Assert.Contains("must not be null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_key_is_named_too()
    {
        var e = Refused("\"space\": \"eyeriss-like\",", "");
        Assert.Equal("space", e.Field);
        Assert.Equal("workloads.training", Refused("\"training\": [\"AlexNet\"], ", "").Field);
    }

    [Theory]
    [InlineData("\"name\": \"a\\u202Eb\"", "bidirectional")]
    [InlineData("\"name\": \"a\\u0007b\"", "control")]
    [InlineData("\"name\": \"\\ud800\"", "surrogate")]
    [InlineData("\"name\": \"   \"", "empty")]
    public void Run_names_are_free_of_control_bidi_and_broken_characters(string name, string problem)
    {
        var e = Refused("\"name\": \"t\"", name);
        Assert.Equal("name", e.Field);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_names_are_bounded()
    {
        var e = Refused("\"name\": \"t\"", $"\"name\": \"{new string('n', 900_000)}\"");
        Assert.Equal("name", e.Field);
        Assert.Contains($"at most {CoSearchConfigJson.MaxNameLength} characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_anywhere_is_an_input_error_naming_where()
    {
        Assert.Equal("space", Refused("\"eyeriss-like\"", "\"\\udfff\"").Field);
        Assert.Equal("workloads.training[0]", Refused("\"AlexNet\"", "\"Alex\\ud800Net\"").Field);
        Assert.NotNull(Refused("\"seed\": 3", "\"seed\": 3, \"\\ud800\": 1").Line);
    }

    [Fact]
    public void Deep_nesting_is_refused_as_invalid_json_not_a_crash()
    {
        var e = Refused("\"seed\": 3", "\"seed\": " + new string('[', 100_000));
        Assert.Contains("invalid JSON", e.Message, StringComparison.Ordinal);
        Assert.Equal("seed", e.Field);
    }

    [Theory]
    [InlineData("\"training\": [\"AlexNet\"]", "\"training\": [\"AlexNet\", \"alexnet\"]", "workloads.training[1]")]
    [InlineData("\"held_out\": [\"ResNet-18\"]", "\"held_out\": [\"ResNet-18\", \"ResNet-18\"]", "workloads.held_out[1]")]
    public void A_workload_listed_twice_is_refused_when_the_config_is_read(string from, string to, string field) =>
        Assert.Equal(field, Refused(from, to).Field);

    [Fact]
    public void The_same_network_reached_twice_is_refused_before_the_search()
    {
        var path = Path.Combine(Path.GetTempPath(), $"unico-dup-{Guid.NewGuid():N}.json");
        Assert.True(WorkloadZoo.TryGet("AlexNet", out var alexNet));
        File.WriteAllText(path, WorkloadJson.Write(alexNet));
        try
        {
            var config = CoSearchConfigJson.Parse(Valid) with { TrainingWorkloads = ["AlexNet", path] };
            var e = Assert.Throws<UnicoInputException>(() => CoSearchRun.Create(config));
            Assert.Equal("workloads.training[1]", e.Field);
            var heldOut = CoSearchConfigJson.Parse(Valid) with { HeldOutWorkloads = ["ResNet-18", "resnet-18"] };
            Assert.Equal("workloads.held_out[1]", Assert.Throws<UnicoInputException>(() => CoSearchRun.Create(heldOut)).Field);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
