using Unico.Engine.Hardware;

namespace Unico.Engine.Tests.Hardware;

/// <summary>The design-space JSON format: every domain form, and errors that name the file, line and key.</summary>
public sealed class DesignSpaceReaderTests
{
    private static UnicoInputException Error(string json) =>
        Assert.Throws<UnicoInputException>(() => DesignSpace.Parse(json, "space.json"));

    [Fact]
    public void Every_domain_form_is_read()
    {
        var space = DesignSpace.Parse("""
            {
              "name": "forms",
              "parameters": {
                "pe_rows": { "min": 4, "max": 16, "step": 4 },
                "glb_kb": { "min": 32, "max": 256, "pow2": true },
                "glb_banks": { "values": [16, 8, 32] },
                "dataflow": { "choices": ["free", "row_stationary"] },
                "word_bits": 8,
                "dram_type": "HBM2",
                "noc_bandwidth": { "value": 32 }
              }
            }
            """);
        Assert.Equal("4..16 step 4", space.Parameter("pe_rows").Domain.ToString());
        Assert.Equal([4L, 8, 12, 16], space.Parameter("pe_rows").Domain.Values().Select(v => v.Number));
        Assert.Equal([32L, 64, 128, 256], space.Parameter("glb_kb").Domain.Values().Select(v => v.Number));
        Assert.Equal([8L, 16, 32], space.Parameter("glb_banks").Domain.Values().Select(v => v.Number));
        Assert.Equal(["free", "row_stationary"], space.Parameter("dataflow").Domain.Values().Select(v => v.Text));
        Assert.False(space.Parameter("dram_type").IsFree);
        Assert.Equal("HBM2", space.Default["dram_type"].Text);
        Assert.Equal(32, space.Default["noc_bandwidth"].Number);
        Assert.Equal(4 * 4 * 3 * 2, (int)space.Size);
    }

    [Fact]
    public void Unlisted_parameters_are_fixed_at_the_template_default_and_the_default_point_is_the_reference()
    {
        var space = DesignSpace.Parse("""{ "parameters": {} }""", "empty.json");
        Assert.Equal("empty", space.Name);
        Assert.Equal(1, (int)space.Size);
        Assert.Empty(space.FreeParameters);
        Assert.Equal(new HardwareConfig().ToPoint(), space.Default);
    }

    [Fact]
    public void Missing_default_values_take_the_template_default_when_in_the_domain_else_the_first_value()
    {
        var space = DesignSpace.Parse("""{ "parameters": { "pe_rows": { "min": 8, "max": 16 }, "pe_cols": { "min": 16, "max": 32 } } }""");
        Assert.Equal(12, space.Default["pe_rows"].Number);
        Assert.Equal(16, space.Default["pe_cols"].Number);
    }

    [Fact]
    public void An_unknown_parameter_is_reported_with_its_line()
    {
        var e = Error("""
            {
              "parameters": {
                "pe_row": { "min": 8, "max": 16 }
              }
            }
            """);
        Assert.Equal(("space.json", 3, "parameters.pe_row"), (e.File, e.Line, e.Field));
        Assert.Contains("unknown parameter", e.Message, StringComparison.Ordinal);
        Assert.Contains("pe_rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_whose_max_is_below_min_is_reported_on_max()
    {
        var e = Error("""
            {
              "parameters": {
                "pe_rows": {
                  "min": 16,
                  "max": 8
                }
              }
            }
            """);
        Assert.Equal((5, "parameters.pe_rows.max"), (e.Line, e.Field));
    }

    [Fact]
    public void A_power_of_two_range_needs_powers_of_two()
    {
        var e = Error("""{ "parameters": { "glb_kb": { "min": 48, "max": 256, "pow2": true } } }""");
        Assert.Equal("parameters.glb_kb.min", e.Field);
        Assert.Contains("power of two", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_choice_the_template_does_not_know_is_reported_with_its_index()
    {
        var e = Error("""
            {
              "parameters": {
                "dataflow": { "choices": [
                  "row_stationary",
                  "diagonal_stationary"
                ] }
              }
            }
            """);
        Assert.Equal((5, "parameters.dataflow.choices[1]"), (e.Line, e.Field));
        Assert.Contains("weight_stationary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_where_integers_are_expected_and_out_of_range_values_are_reported()
    {
        Assert.Equal("parameters.pe_rows", Error("""{ "parameters": { "pe_rows": "many" } }""").Field);
        Assert.Equal("parameters.pe_rows.values[1]", Error("""{ "parameters": { "pe_rows": { "values": [4, 0] } } }""").Field);
        Assert.Equal("parameters.pe_rows.values[1]", Error("""{ "parameters": { "pe_rows": { "values": [4, 4.5] } } }""").Field);
        Assert.Equal("parameters.dataflow", Error("""{ "parameters": { "dataflow": { "values": [1, 2] } } }""").Field);
        Assert.Equal("parameters.pe_rows.step", Error("""{ "parameters": { "pe_rows": { "min": 1, "max": 4, "step": 0 } } }""").Field);
        Assert.Equal("parameters.pe_rows", Error("""{ "parameters": { "pe_rows": { "min": 1 } } }""").Field);
        Assert.Equal("parameters.pe_rows.mni", Error("""{ "parameters": { "pe_rows": { "mni": 1, "max": 4 } } }""").Field);
        Assert.Equal("parameters.pe_rows.values[1]", Error("""{ "parameters": { "pe_rows": { "values": [4, 4] } } }""").Field);
    }

    [Fact]
    public void Invalid_json_is_reported_with_the_line_of_the_syntax_error()
    {
        var e = Error("""
            {
              "parameters": {
                "pe_rows": { "min": 8 "max": 16 }
              }
            }
            """);
        Assert.Equal(3, e.Line);
        Assert.StartsWith("space.json:3: 'parameters.pe_rows': invalid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_reported_on_its_second_line()
    {
        var e = Error("""
            {
              "parameters": {
                "pe_rows": 8,
                "pe_rows": 16
              }
            }
            """);
        Assert.Equal((4, "parameters.pe_rows"), (e.Line, e.Field));
    }

    [Fact]
    public void Unknown_top_level_keys_and_constraints_are_reported()
    {
        Assert.Equal("paramters", Error("""{ "paramters": {} }""").Field);
        Assert.Equal("constraints.max_area", Error("""{ "parameters": {}, "constraints": { "max_area": 2 } }""").Field);
        Assert.Equal("constraints.max_pes", Error("""{ "parameters": {}, "constraints": { "max_pes": -1 } }""").Field);
        Assert.Equal("names.buffer", Error("""{ "parameters": {}, "names": { "buffer": "glb" } }""").Field);
    }

    [Fact]
    public void A_default_value_outside_its_domain_is_reported_with_its_line()
    {
        var e = Error("""
            {
              "parameters": { "pe_rows": { "min": 8, "max": 16 } },
              "default": {
                "pe_rows": 32
              }
            }
            """);
        Assert.Equal((4, "default.pe_rows"), (e.Line, e.Field));
        Assert.Contains("8..16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_point_over_the_area_cap_is_rejected()
    {
        var e = Error("""
            {
              "parameters": {},
              "constraints": { "max_area_mm2": 0.5 },
              "default": {}
            }
            """);
        Assert.Equal((4, "default"), (e.Line, e.Field));
        Assert.Contains("max_area_mm2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Level_names_can_be_renamed_but_not_reused()
    {
        var space = DesignSpace.Parse("""{ "parameters": {}, "names": { "global_buffer": "GlobalBuffer", "pe_container": "PEs" } }""");
        var hw = space.Build(space.Default);
        Assert.Equal("GlobalBuffer", hw.Architecture.Levels[1].Name);
        Assert.Equal("inter_PEs_spatial", hw.Architecture.Levels[3].Name);
        Assert.Equal("inter_PEs_spatial", hw.ContainerLevels["PEs"]);
        Assert.Equal("names", Error("""{ "parameters": {}, "names": { "ifmap": "mac" } }""").Field);
    }

    [Theory]
    [InlineData("eyeriss-like")]
    [InlineData("simba-like")]
    public void A_space_written_to_json_reads_back_the_same(string name)
    {
        var space = BuiltInSpaces.Get(name);
        var again = DesignSpace.Parse(space.ToJson());
        Assert.Equal(space.Name, again.Name);
        Assert.Equal(space.Parameters.ToArray(), again.Parameters.ToArray());
        Assert.Equal(space.Default, again.Default);
        Assert.Equal(space.Constraints, again.Constraints);
        Assert.Equal(space.Names, again.Names);
    }
}
