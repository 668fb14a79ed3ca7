using Unico.Engine.Hardware;

namespace Unico.Engine.Tests.Hardware;

/// <summary>Counting, sampling, encoding, validating and building design points.</summary>
public sealed class DesignSpaceTests
{
    private static readonly DesignSpace Eyeriss = BuiltInSpaces.Get("eyeriss-like");
    private static readonly DesignSpace Simba = BuiltInSpaces.Get("simba-like");

    private static DesignSpace Small(string constraints = "") => DesignSpace.Parse($$"""
        {
          "name": "small",
          "parameters": {
            "pe_rows": { "min": 4, "max": 16, "step": 4 },
            "pe_cols": { "min": 4, "max": 16, "step": 4 },
            "glb_kb": { "min": 32, "max": 128, "pow2": true },
            "dataflow": { "choices": ["row_stationary", "free"] }
          }{{constraints}}
        }
        """);

    [Fact]
    public void Built_in_spaces_are_eyeriss_like_and_simba_like()
    {
        Assert.Equal(["eyeriss-like", "simba-like"], BuiltInSpaces.Names.ToArray());
    }

    [Fact]
    public void Eyeriss_like_default_is_the_reference_configuration()
    {
        Assert.Equal(new HardwareConfig(), HardwareConfig.FromPoint(Eyeriss.Default));
    }

    [Fact]
    public void Simba_like_default_is_a_4x4_array_of_8x8_vector_mac_pes_weight_stationary()
    {
        var hw = Simba.Build(Simba.Default);
        Assert.Equal((16L, 1024L), (hw.Config!.Pes, hw.Config.Macs));
        Assert.Equal(Dataflow.WeightStationary, hw.Config.Dataflow);
        Assert.Equal(["DRAM", "GlobalBuffer", "inter_PE_column_spatial", "inter_PE_spatial", "PEInputBuffer", "PEWeightBuffer", "PEAccuBuffer", "PEWeightRegs"],
            hw.Architecture.Levels.Select(l => l.Name));
        Assert.Equal("LMAC", hw.Architecture.Compute.Name);
        Assert.Equal(32 * 1024, hw.Architecture.Levels[5].SizeWords);
    }

    [Fact]
    public void Size_is_the_product_of_the_domain_sizes_and_enumeration_visits_every_point_once()
    {
        var space = Small();
        Assert.Equal(4 * 4 * 3 * 2, (int)space.Size);
        var all = space.Enumerate().ToList();
        Assert.Equal(96, all.Count);
        Assert.Equal(96, all.Distinct().Count());
        Assert.Equal(25L * 25 * 5 * 7 * 6 * 5 * 4 * 4 * 4 * 2 * 4, (long)Eyeriss.Size);
    }

    [Fact]
    public void Sampling_with_a_seed_is_deterministic()
    {
        Assert.Equal(Eyeriss.Sample(20, seed: 42).ToArray(), Eyeriss.Sample(20, seed: 42).ToArray());
        Assert.NotEqual(Eyeriss.Sample(20, seed: 42).ToArray(), Eyeriss.Sample(20, seed: 43).ToArray());
    }

    [Fact]
    public void Samples_are_feasible_points_of_the_space_spread_over_every_value()
    {
        var samples = Small().Sample(400, seed: 1);
        Assert.All(samples, p => Assert.True(Small().IsFeasible(p)));
        var rows = samples.GroupBy(p => p["pe_rows"].Number).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([4L, 8, 12, 16], rows.Keys.Order());
        Assert.All(rows.Values, n => Assert.InRange(n, 60, 140));
    }

    [Fact]
    public void Search_dimensions_cover_the_free_parameters_as_ordinal_or_categorical_indices()
    {
        var dims = Small().SearchDimensions;
        Assert.Equal(["pe_rows", "pe_cols", "glb_kb", "dataflow"], dims.Select(d => d.Name));
        Assert.Equal(SearchKind.Ordinal, dims[0].Kind);
        Assert.Equal((0.0, 3.0), (dims[0].Lower, dims[0].Upper));
        Assert.Equal(["32", "64", "128"], dims[2].Choices.ToArray());
        Assert.Equal(SearchKind.Categorical, dims[3].Kind);
        Assert.Equal(["row_stationary", "free"], dims[3].Choices.ToArray());
    }

    [Theory]
    [InlineData("eyeriss-like")]
    [InlineData("simba-like")]
    public void Encoding_then_decoding_gives_the_point_back(string name)
    {
        var space = BuiltInSpaces.Get(name);
        foreach (var p in space.Sample(50, seed: 5).Append(space.Default))
        {
            var x = space.Encode(p);
            Assert.Equal(space.FreeParameters.Length, x.Length);
            Assert.Equal(p, space.Decode(x));
        }
    }

    [Fact]
    public void Decoding_rounds_to_the_nearest_value_and_clamps_to_the_bounds()
    {
        var space = Small();
        var p = space.Decode([1.4, 99, -3, 0.6]);
        Assert.Equal((8L, 16L, 32L, "free"), (p["pe_rows"].Number, p["pe_cols"].Number, p["glb_kb"].Number, p["dataflow"].Text));
        Assert.Equal(space.Default["word_bits"], p["word_bits"]);
        Assert.Throws<ArgumentException>(() => space.Decode([1, 2]));
    }

    [Fact]
    public void Unit_cube_coordinates_pick_every_value_equally_and_round_trip()
    {
        var space = Small();
        Assert.Equal((4L, 16L, 128L, "free"), Tuple(space.DecodeUnit([0.0, 1.0, 0.999, 0.5])));
        Assert.Equal((8L, 12L, 64L, "row_stationary"), Tuple(space.DecodeUnit([0.25, 0.74, 0.5, 0.49])));
        foreach (var p in space.Sample(30, seed: 4)) Assert.Equal(p, space.DecodeUnit(space.EncodeUnit(p)));
        static (long, long, long, string?) Tuple(DesignPoint p) => (p["pe_rows"].Number, p["pe_cols"].Number, p["glb_kb"].Number, p["dataflow"].Text);
    }

    [Fact]
    public void The_area_cap_rejects_large_designs_everywhere()
    {
        var space = Small("""
            , "constraints": { "max_area_mm2": 1.5 }
            """);
        var big = space.Default.With("pe_rows", 16).With("pe_cols", 16);
        Assert.False(space.TryBuild(big, out var hw, out var reason));
        Assert.Null(hw);
        Assert.Contains("max_area_mm2 1.5", reason, StringComparison.Ordinal);
        var e = Assert.Throws<UnicoInputException>(() => space.Build(big));
        Assert.Contains("exceeds max_area_mm2", e.Message, StringComparison.Ordinal);
        Assert.All(space.Sample(200, seed: 3), p => Assert.True(space.Build(p).AreaMm2 <= 1.5));
        Assert.Contains(space.Enumerate(), p => !space.IsFeasible(p));
    }

    [Fact]
    public void Pe_and_mac_caps_reject_large_arrays()
    {
        var space = Small("""
            , "constraints": { "max_pes": 100, "max_macs": 150 }
            """);
        Assert.False(space.TryBuild(space.Default.With("pe_rows", 12).With("pe_cols", 12), out _, out var reason));
        Assert.Contains("max_pes 100", reason, StringComparison.Ordinal);
        Assert.All(space.Sample(100, seed: 9), p => Assert.True(p["pe_rows"].Number * p["pe_cols"].Number <= 100));
    }

    [Fact]
    public void A_space_whose_constraints_exclude_almost_everything_fails_to_sample_with_a_clear_error()
    {
        var space = DesignSpace.Parse("""
            {
              "parameters": { "pe_rows": { "min": 1, "max": 4096 }, "pe_cols": { "min": 1, "max": 4096 } },
              "constraints": { "max_pes": 1 },
              "default": { "pe_rows": 1, "pe_cols": 1 }
            }
            """);
        Assert.True(space.IsFeasible(space.Default));
        var e = Assert.Throws<UnicoInputException>(() => space.Sample(1, seed: 1));
        Assert.Equal("constraints", e.Field);
        Assert.Contains("no valid design", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_outside_the_domain_or_naming_an_unknown_parameter_is_not_feasible()
    {
        Assert.False(Eyeriss.TryBuild(Eyeriss.Default.With("pe_rows", 33), out _, out var reason));
        Assert.Contains("'pe_rows': 33 is not in the space (8..32)", reason, StringComparison.Ordinal);
        Assert.False(Eyeriss.TryBuild(Eyeriss.Default.With("pe_rowz", 8), out _, out reason));
        Assert.Contains("pe_rowz", reason, StringComparison.Ordinal);
        Assert.False(Eyeriss.IsFeasible(Eyeriss.Default.With("spad_width_bits", 32)));
    }

    [Fact]
    public void A_partial_point_file_takes_the_default_for_what_it_does_not_list()
    {
        var p = Eyeriss.ParsePoint("""{ "pe_rows": 16, "dataflow": "weight_stationary" }""", "p.json");
        Assert.Equal(Eyeriss.Default.With("pe_rows", 16).With("dataflow", "weight_stationary"), p);
        Assert.Equal(16, Eyeriss.Build(p).Config!.PeRows);
    }

    [Fact]
    public void A_point_in_text_form_is_typed_by_the_space_integers_as_numbers_choices_as_text()
    {
        var p = Eyeriss.PointFromText(new Dictionary<string, string> { ["pe_rows"] = "16", ["dataflow"] = "free", ["pe_buffer_class"] = "regfile" });
        Assert.Equal(16, p["pe_rows"].Number);
        Assert.False(p["pe_rows"].IsText);
        Assert.Equal("free", p["dataflow"].Text);
        Assert.Equal("""{"dataflow":"free","pe_buffer_class":"regfile","pe_rows":16}""", p.ToJson(indented: false));
        Assert.Equal("pe_rows", Assert.Throws<UnicoInputException>(() => Eyeriss.PointFromText(new Dictionary<string, string> { ["pe_rows"] = "sixteen" })).Field);
        Assert.Equal("pe_colz", Assert.Throws<UnicoInputException>(() => Eyeriss.PointFromText(new Dictionary<string, string> { ["pe_colz"] = "16" })).Field);
    }

    [Fact]
    public void Point_file_errors_name_the_line_and_parameter()
    {
        var e = Assert.Throws<UnicoInputException>(() => Eyeriss.ParsePoint("""
            {
              "pe_rows": 16,
              "pe_colz": 16
            }
            """, "p.json"));
        Assert.Equal(("p.json", 3, "pe_colz"), (e.File, e.Line, e.Field));
        e = Assert.Throws<UnicoInputException>(() => Eyeriss.ParsePoint("""
            {
              "pe_rows": 64
            }
            """, "p.json"));
        Assert.Equal((2, "pe_rows"), (e.Line, e.Field));
        Assert.Contains("8..32", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<UnicoInputException>(() => Eyeriss.ParsePoint("""{ "pe_rows": [16] }""", "p.json"));
        Assert.Equal("pe_rows", e.Field);
        e = Assert.Throws<UnicoInputException>(() => Eyeriss.ParsePoint("""{ "pe_rows": 32, "pe_cols": 32, "weights_spad_depth": 512 }""", "p.json"));
        Assert.Contains("max_area_mm2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_design_point_writes_and_reads_back_as_flat_json()
    {
        var p = Eyeriss.Sample(1, seed: 11)[0];
        Assert.Equal(p, DesignPoint.Parse(p.ToJson()));
        Assert.Equal(p, Eyeriss.ParsePoint(p.ToJson()));
        Assert.Equal(p.GetHashCode(), DesignPoint.Parse(p.ToJson(indented: false)).GetHashCode());
    }

    [Fact]
    public void A_parameter_value_is_a_json_number_or_string_and_reads_back_as_it_was()
    {
        var point = new Dictionary<string, ParameterValue> { ["pe_rows"] = ParameterValue.Of(16), ["dataflow"] = ParameterValue.Of("row_stationary") };
        var json = System.Text.Json.JsonSerializer.Serialize(point);
        Assert.Equal("""{"pe_rows":16,"dataflow":"row_stationary"}""", json);
        Assert.Equal(point, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, ParameterValue>>(json));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<ParameterValue>("1.5"));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<ParameterValue>("true"));
    }
}
