using Unico.Engine.CostModel;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>The workload JSON format: reading, writing, round trips, and an error for every kind of bad input.</summary>
public sealed class WorkloadJsonTests : IDisposable
{
    // Line numbers matter: the error tests below point at them.
    private const string Tiny = """
        {
          "name": "tiny",
          "description": "a small test net",
          "layers": [
            { "name": "conv1", "type": "conv2d", "dims": { "C": 3, "M": 8, "R": 3, "S": 3, "P": 16, "Q": 16 }, "stride": 2 },
            { "name": "dw", "type": "depthwise", "dims": { "C": 8, "R": 3, "S": 3, "N": 1, "P": 16, "Q": 16 }, "dilation": [2, 1] },
            { "name": "fc", "type": "fc", "dims": { "N": 10, "K": 2048 }, "repeat": 2 }
          ]
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("unico-workload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_reads_into_layers_with_defaults_for_batch_stride_and_repeat()
    {
        var w = WorkloadJson.Parse(Tiny);
        Assert.Equal("tiny", w.Name);
        Assert.Equal("a small test net", w.Description);
        Assert.Equal("", w.Source);
        Assert.Equal(Layer.Conv("conv1", 3, 8, 3, 3, 16, 16, stride: 2), w.Layers[0]);
        Assert.Equal(new Spatial2D(2, 1), w.Layers[1].Dilation);
        Assert.Equal(Spatial2D.One, w.Layers[1].Stride);
        Assert.Equal(LayerKind.Depthwise, w.Layers[1].Kind);
        Assert.Equal(Layer.FullyConnected("fc", 2048, 10, repeat: 2), w.Layers[2]);
    }

    [Fact]
    public void Comments_trailing_commas_and_gemm_as_matmul_are_accepted()
    {
        var w = WorkloadJson.Parse("""
            // a transformer fragment
            { "name": "t", "layers": [ { "name": "qk", "type": "gemm", "dims": { "M": 128, "N": 128, "K": 64 }, }, ], }
            """);
        Assert.Equal(Layer.Matmul("qk", 128, 128, 64), w.Layers.Single());
    }

    [Fact]
    public void Every_built_in_round_trips_through_the_format()
    {
        foreach (var w in WorkloadZoo.All)
        {
            var back = WorkloadJson.Parse(WorkloadJson.Write(w), w.Name);
            Assert.Equal(w, back);
            Assert.Equal(w.TotalMacs, back.TotalMacs);
        }
    }

    [Fact]
    public void Strides_dilations_groups_repeats_and_odd_text_round_trip()
    {
        var w = new Workload("odd \"name\" é", "line\nbreak", "src <x>",
        [
            new Layer("c", LayerKind.Conv, new Problem(ProblemShapes.Conv2d(1, 2, 3, 1), [3, 8, 3, 3, 2, 10, 12]), repeat: 4),
            Layer.Grouped("g", 4, 8, 16, 3, 3, 7, 7, stride: 2, dilation: 2),
            Layer.Depthwise("d", 32, 5, 5, 14, 14, stride: 2),
            Layer.FullyConnected("f", 100, 10, batch: 3),
            Layer.Matmul("m", 5, 6, 7, repeat: 9),
        ]);
        var text = WorkloadJson.Write(w);
        Assert.Equal(w, WorkloadJson.Parse(text));
        Assert.Contains("\"stride\": [1, 2]", text, StringComparison.Ordinal);
        Assert.Contains("\"dilation\": [3, 1]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_to_a_file_and_reading_it_back_gives_the_same_workload()
    {
        var path = Path.Combine(_dir, "mbv2.json");
        WorkloadJson.Write(WorkloadZoo.MobileNetV2, path);
        Assert.Equal(WorkloadZoo.MobileNetV2, WorkloadJson.Read(path));
    }

    [Fact]
    public void A_custom_layer_cannot_be_written()
    {
        var gemm = ProblemShapes.Gemm();
        var odd = new Problem(gemm with { Name = "odd", DataSpaces = [gemm.DataSpaces[0], gemm.DataSpaces[2]] }, [1, 2, 3]);
        var w = new Workload("w", "", "", [new Layer("x", LayerKind.Custom, odd)]);
        var e = Assert.Throws<UnicoInputException>(() => WorkloadJson.Write(w));
        Assert.Contains("cannot express", e.Message, StringComparison.Ordinal);
    }

    private static UnicoInputException Error(string json)
    {
        var e = Assert.Throws<UnicoInputException>(() => WorkloadJson.Parse(json, "net.json"));
        Assert.Equal("net.json", e.File);
        return e;
    }

    private static UnicoInputException Edited(string from, string to)
    {
        Assert.Contains(from, Tiny, StringComparison.Ordinal);
        return Error(Tiny.Replace(from, to, StringComparison.Ordinal));
    }

    private static void AssertError(UnicoInputException e, int line, string? field, string detail)
    {
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(detail, e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_dimension_names_file_line_and_field()
    {
        var e = Edited("\"M\": 8", "\"M\": 0");
        Assert.Equal("net.json:5: 'layers[0].dims.M': must be a positive integer, got 0", e.Message);
        AssertError(Edited("\"K\": 2048", "\"K\": -3"), 7, "layers[2].dims.K", "must be a positive integer, got -3");
    }

    [Fact]
    public void Sizes_whose_product_overflows_are_an_error_naming_the_dimension_never_a_wrong_count()
    {
        // C = M = P = Q = 100,000 once gave "-3,890,459,611,768,029,184 MACs".
        var e = Edited("\"C\": 3, \"M\": 8, \"R\": 3, \"S\": 3, \"P\": 16, \"Q\": 16", "\"C\": 100000, \"M\": 100000, \"R\": 3, \"S\": 3, \"P\": 100000, \"Q\": 100000");
        Assert.Equal("net.json", e.File);
        Assert.Equal(5, e.Line);
        Assert.StartsWith("layers[0].dims.", e.Field, StringComparison.Ordinal);
        Assert.Contains("at most 2^48", e.Detail, StringComparison.Ordinal);
        // Dimensions of 2^30 once gave 0 MACs.
        var big = Edited("\"N\": 10, \"K\": 2048", "\"N\": 1073741824, \"K\": 1073741824");
        Assert.Equal(7, big.Line);
        Assert.StartsWith("layers[2].dims.", big.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeat_that_would_overflow_the_workloads_macs_names_the_repeat()
    {
        var e = Edited("\"N\": 10, \"K\": 2048 }, \"repeat\": 2", "\"N\": 8388608, \"K\": 16777216 }, \"repeat\": 2147483647");
        Assert.Equal("layers[2].repeat", e.Field);
    }

    [Fact]
    public void A_problem_at_the_limit_is_valid_and_one_beyond_is_not()
    {
        var shape = ProblemShapes.Gemm();
        var bounds = shape.Dimensions.Select(_ => 1).ToArray();
        bounds[0] = 1 << 24;
        bounds[1] = 1 << 24;
        new Problem(shape, [.. bounds]).Validate();
        bounds[2] = 2;
        var e = Assert.Throws<UnicoInputException>(() => new Problem(shape, [.. bounds]).Validate());
        Assert.Equal(shape.Dimensions[2], e.Field);
    }

    [Theory]
    [InlineData("\"P\": 16, \"Q\": 16 }, \"stride\"", "\"P\": 2.5, \"Q\": 16 }, \"stride\"", 5, "layers[0].dims.P", "got 2.5")]
    [InlineData("\"P\": 16, \"Q\": 16 }, \"stride\"", "\"P\": \"16\", \"Q\": 16 }, \"stride\"", 5, "layers[0].dims.P", "got \"16\"")]
    [InlineData("\"P\": 16, \"Q\": 16 }, \"stride\"", "\"P\": 99999999999, \"Q\": 16 }, \"stride\"", 5, "layers[0].dims.P", "got 99999999999")]
    [InlineData("\"P\": 16, \"Q\": 16 }, \"stride\"", "\"P\": null, \"Q\": 16 }, \"stride\"", 5, "layers[0].dims.P", "got null")]
    public void Sizes_that_are_not_positive_integers_are_rejected(string from, string to, int line, string field, string detail) =>
        AssertError(Edited(from, to), line, field, detail);

    [Fact]
    public void A_missing_dimension_is_named_with_the_ones_the_type_needs() =>
        AssertError(Edited("\"R\": 3, \"S\": 3, \"N\": 1", "\"R\": 3, \"N\": 1"), 6, "layers[1].dims",
            "missing dimension 'S'; type depthwise needs C, R, S, P, Q (and optionally N, default 1)");

    [Fact]
    public void An_unknown_dimension_is_named_with_the_ones_the_type_has() =>
        AssertError(Edited("\"N\": 10, \"K\"", "\"N\": 10, \"X\": 1, \"K\""), 7, "layers[2].dims.X", "unknown dimension 'X' for type fc; expected N, K (and optionally M, default 1)");

    [Fact]
    public void Dimension_names_are_case_sensitive() =>
        AssertError(Edited("\"C\": 3, \"M\": 8", "\"c\": 3, \"M\": 8"), 5, "layers[0].dims.c", "unknown dimension 'c'");

    [Fact]
    public void An_unknown_type_lists_the_known_ones() =>
        AssertError(Edited("\"type\": \"depthwise\"", "\"type\": \"pool\""), 6, "layers[1].type",
            "unknown layer type \"pool\"; expected one of conv2d, depthwise, grouped, fc, matmul, gemm");

    [Fact]
    public void A_missing_type_or_dims_is_reported_at_the_layer()
    {
        AssertError(Edited("\"type\": \"fc\", ", ""), 7, "layers[2].type", "missing");
        AssertError(Edited(", \"dims\": { \"N\": 10, \"K\": 2048 }", ""), 7, "layers[2].dims", "missing; type fc needs N, K");
        AssertError(Edited("\"dims\": { \"N\": 10, \"K\": 2048 }", "\"dims\": [10, 2048]"), 7, "layers[2].dims", "must be an object of dimension sizes, got a list");
    }

    [Fact]
    public void An_empty_or_missing_layer_list_is_rejected()
    {
        var e = Error("{\n  \"name\": \"x\",\n  \"layers\": []\n}");
        AssertError(e, 3, "layers", "must list at least one layer");
        AssertError(Error("{\n  \"name\": \"x\"\n}"), 1, "layers", "missing");
        AssertError(Error("{ \"name\": \"x\", \"layers\": { } }"), 1, "layers", "must be a list of layers, got an object");
        AssertError(Error("{ \"name\": \"x\", \"layers\": [ 3 ] }"), 1, "layers[0]", "a layer must be a JSON object, got 3");
    }

    [Fact]
    public void A_duplicate_layer_name_points_at_both()
    {
        var e = Edited("\"name\": \"fc\"", "\"name\": \"conv1\"");
        AssertError(e, 7, "layers[2].name", "duplicate layer name 'conv1' (also layers[0], line 5)");
    }

    [Fact]
    public void Missing_or_empty_names_are_rejected()
    {
        AssertError(Edited("\"name\": \"tiny\",", ""), 1, "name", "missing");
        AssertError(Edited("\"name\": \"tiny\"", "\"name\": \"\""), 2, "name", "must be a non-empty string, got \"\"");
        AssertError(Edited("\"name\": \"dw\", ", ""), 6, "layers[1].name", "missing");
        AssertError(Edited("\"name\": \"dw\"", "\"name\": 7"), 6, "layers[1].name", "must be a non-empty string, got 7");
    }

    [Fact]
    public void Unknown_fields_are_rejected_with_the_allowed_ones()
    {
        AssertError(Edited("\"description\"", "\"descr\""), 3, "descr", "unknown field; expected name, description, source, layers");
        AssertError(Edited("\"repeat\": 2", "\"repeats\": 2"), 7, "layers[2].repeats", "unknown field; expected name, type, dims, stride, dilation, repeat");
        AssertError(Edited("\"description\": \"a small test net\"", "\"description\": 5"), 3, "description", "must be a string, got 5");
    }

    [Fact]
    public void Bad_strides_dilations_and_repeats_are_rejected()
    {
        AssertError(Edited("\"stride\": 2", "\"stride\": 0"), 5, "layers[0].stride", "must be a positive integer, got 0");
        AssertError(Edited("\"stride\": 2", "\"stride\": [2, 2, 2]"), 5, "layers[0].stride", "must be a positive integer or [width, height], got a list of 3");
        AssertError(Edited("\"dilation\": [2, 1]", "\"dilation\": [2, 0]"), 6, "layers[1].dilation[1]", "must be a positive integer, got 0");
        AssertError(Edited("\"repeat\": 2", "\"repeat\": 0"), 7, "layers[2].repeat", "must be a positive integer, got 0");
        AssertError(Edited("\"repeat\": 2", "\"stride\": 2"), 7, "layers[2].stride", "type fc has no stride");
    }

    [Fact]
    public void Malformed_json_gives_the_line_of_the_fault()
    {
        var e = Edited("\"stride\": 2 }", "\"stride\": 2 ");
        Assert.Equal(6, e.Line);
        Assert.Contains("malformed JSON", e.Message, StringComparison.Ordinal);
        AssertError(Edited("\"repeat\": 2", "\"repeat\": 2, \"repeat\": 3"), 7, null, "'repeat' is given twice");
        AssertError(Error(""), 1, null, "malformed JSON");
        AssertError(Error("[1, 2]"), 1, null, "a workload file must be a JSON object, got a list");
        AssertError(Error("{ \"name\": \"x\" } {"), 1, null, "malformed JSON");
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_dir, "nope.json");
        var e = Assert.Throws<UnicoInputException>(() => WorkloadJson.Read(path));
        Assert.Equal(path, e.File);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_a_file_name_the_file()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, Tiny.Replace("\"M\": 8", "\"M\": 0", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => WorkloadJson.Read(path));
        Assert.Equal($"{path}:5: 'layers[0].dims.M': must be a positive integer, got 0", e.Message);
    }
}
