using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Tests.Interop.Timeloop;

/// <summary>Bad Timeloop input gets an error that names the file, the line and the field at fault.</summary>
public sealed class TimeloopInputErrorTests : IDisposable
{
    private static string Case(string name, string file) => Path.Combine(TestPaths.TimeloopReference, name, file);

    private static string Ert => Path.Combine(TestPaths.TimeloopReference, "eyeriss_like-default", "expected", "timeloop-mapper.ERT.yaml");

    private readonly string _dir = Directory.CreateTempSubdirectory("unico-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Edited(string source, string name, string from, string to)
    {
        var text = File.ReadAllText(source);
        Assert.Contains(from, text, StringComparison.Ordinal);
        return Write(name, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static TimeloopSpec LoadEyeriss(string? arch = null, string? problem = null, string? mapping = null, string? ert = null) =>
        TimeloopSpec.Load(
            arch ?? Case("eyeriss_like-default", "arch.yaml"),
            problem ?? Case("eyeriss_like-default", "problem.yaml"),
            mapping ?? Case("eyeriss_like-default", "map.yaml"),
            ert ?? Ert);

    [Fact]
    public void Malformed_yaml_is_reported_with_its_file_and_line()
    {
        var path = Write("broken.yaml", "problem:\n  shape:\n    dimensions: [C, M\n    name: x\n");
        var e = Assert.Throws<UnicoInputException>(() => TimeloopProblemReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.NotNull(e.Line);
        Assert.Contains("malformed YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_dir, "nope.yaml");
        var e = Assert.Throws<UnicoInputException>(() => TimeloopProblemReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_data_space_in_a_mapping_is_named_with_its_line()
    {
        var mapping = Edited(Case("eyeriss_like-default", "map.yaml"), "map.yaml", "      - Outputs\n    bypass:\n      - Weights\n      - Inputs", "      - Psums\n    bypass:\n      - Weights\n      - Inputs");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(mapping: mapping));
        Assert.Equal(mapping, e.File);
        Assert.Equal(5, e.Line);
        Assert.Contains("unknown data space 'Psums'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_naming_a_level_that_does_not_exist_is_rejected()
    {
        var mapping = Edited(Case("eyeriss_like-default", "map.yaml"), "map.yaml", "- target: shared_glb\n    type: temporal", "- target: L2_buffer\n    type: temporal");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(mapping: mapping));
        Assert.Equal("target", e.Field);
        Assert.Contains("unknown target 'L2_buffer'", e.Message, StringComparison.Ordinal);
        Assert.Contains("shared_glb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factors_that_do_not_multiply_to_the_dimension_make_the_mapping_invalid_with_the_reason()
    {
        var mapping = Edited(Case("eyeriss_like-default", "map.yaml"), "map.yaml", "factors: C1 M4 R1 S1 N1 P8 Q2", "factors: C1 M2 R1 S1 N1 P8 Q2");
        var result = LoadEyeriss(mapping: mapping).Evaluate();
        Assert.False(result.IsValid);
        Assert.Equal("factors of dimension M multiply to 16, not its size 32", result.InvalidReason);
    }

    [Theory]
    [InlineData("    P: 112\n", "    P: 0\n", "P")]
    [InlineData("    M: 32\n", "    M: -4\n", "M")]
    public void Zero_or_negative_dimension_sizes_are_rejected(string from, string to, string field)
    {
        var problem = Edited(Case("eyeriss_like-default", "problem.yaml"), "problem.yaml", from, to);
        var e = Assert.Throws<UnicoInputException>(() => TimeloopProblemReader.Read(problem));
        Assert.Equal(field, e.Field);
        Assert.Contains("positive integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_factor_in_a_mapping_is_rejected_with_its_line()
    {
        var mapping = Edited(Case("eyeriss_like-default", "map.yaml"), "map.yaml", "factors: C1 M4 R1 S1 N1 P8 Q2", "factors: C1 M0 R1 S1 N1 P8 Q2");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(mapping: mapping));
        Assert.Equal("factors", e.Field);
        Assert.NotNull(e.Line);
        Assert.Contains("positive integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_buffer_depth_is_rejected()
    {
        var arch = Edited(Case("eyeriss_like-default", "arch.yaml"), "arch.yaml", "depth: 16384", "depth: -16384");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(arch: arch));
        Assert.Equal("shared_glb", e.Field);
    }

    [Fact]
    public void An_unknown_dimension_in_factors_is_rejected()
    {
        var mapping = Edited(Case("eyeriss_like-default", "map.yaml"), "map.yaml", "factors: C1 M4 R1 S1 N1 P8 Q2", "factors: C1 M4 R1 S1 N1 P8 Q2 Z3");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(mapping: mapping));
        Assert.Contains("unknown dimension 'Z'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_missing_from_the_energy_table_is_named()
    {
        var ert = Edited(Ert, "ert.yaml", "system_top_level.shared_glb[1..1]", "system_top_level.other_glb[1..1]");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(ert: ert));
        Assert.Equal(ert, e.File);
        Assert.Equal("shared_glb", e.Field);
    }

    [Fact]
    public void A_v03_architecture_is_recognised_and_explained()
    {
        var arch = Write("arch.yaml", "architecture:\n  version: 0.3\n  subtree:\n    - name: System\n");
        var e = Assert.Throws<UnicoInputException>(() => LoadEyeriss(arch: arch));
        Assert.Contains("v0.3", e.Message, StringComparison.Ordinal);
    }
}
