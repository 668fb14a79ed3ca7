using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Tests.Interop.Timeloop;

/// <summary>Bad Timeloop input gets an error that names the file, the line and the field at fault.</summary>
public sealed class TimeloopInputErrorTests : IDisposable
{
    // An oracle case (row_stationary on ResNet-18 conv4), edited one line at a time.
    private static readonly OracleCase Base = OracleCase.Get("row_stationary__resnet18_conv4");

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

    private static TimeloopSpec LoadCase(string? arch = null, string? problem = null, string? mapping = null, string? ert = null) =>
        TimeloopSpec.Load(arch ?? Base.ArchPath, problem ?? Base.ProblemPath, mapping ?? Base.MappingPath, ert ?? Base.ErtPath);

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
        var mapping = Edited(Base.MappingPath, "map.yaml", "      - Outputs\n    bypass:\n      - Weights\n      - Inputs", "      - Psums\n    bypass:\n      - Weights\n      - Inputs");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(mapping: mapping));
        Assert.Equal(mapping, e.File);
        Assert.Equal(5, e.Line);
        Assert.Contains("unknown data space 'Psums'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_naming_a_level_that_does_not_exist_is_rejected()
    {
        var mapping = Edited(Base.MappingPath, "map.yaml", "- target: gsram\n    type: temporal", "- target: L2_buffer\n    type: temporal");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(mapping: mapping));
        Assert.Equal("target", e.Field);
        Assert.Contains("unknown target 'L2_buffer'", e.Message, StringComparison.Ordinal);
        Assert.Contains("gsram", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factors_that_do_not_multiply_to_the_dimension_make_the_mapping_invalid_with_the_reason()
    {
        var mapping = Edited(Base.MappingPath, "map.yaml", "factors: C16 M1 R3 S1 N1 P2 Q2", "factors: C8 M1 R3 S1 N1 P2 Q2");
        var result = LoadCase(mapping: mapping).Evaluate();
        Assert.False(result.IsValid);
        Assert.Equal("factors of dimension C multiply to 128, not its size 256", result.InvalidReason);
    }

    [Theory]
    [InlineData("    P: 14\n", "    P: 0\n", "P")]
    [InlineData("    M: 256\n", "    M: -4\n", "M")]
    public void Zero_or_negative_dimension_sizes_are_rejected(string from, string to, string field)
    {
        var problem = Edited(Base.ProblemPath, "problem.yaml", from, to);
        var e = Assert.Throws<UnicoInputException>(() => TimeloopProblemReader.Read(problem));
        Assert.Equal(field, e.Field);
        Assert.Contains("positive integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_factor_in_a_mapping_is_rejected_with_its_line()
    {
        var mapping = Edited(Base.MappingPath, "map.yaml", "factors: C16 M1 R3 S1 N1 P2 Q2", "factors: C16 M0 R3 S1 N1 P2 Q2");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(mapping: mapping));
        Assert.Equal("factors", e.Field);
        Assert.NotNull(e.Line);
        Assert.Contains("positive integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_buffer_depth_is_rejected()
    {
        var arch = Edited(Base.ArchPath, "arch.yaml", "depth: 16384", "depth: -16384");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(arch: arch));
        Assert.Equal("gsram", e.Field);
    }

    [Fact]
    public void An_unknown_dimension_in_factors_is_rejected()
    {
        var mapping = Edited(Base.MappingPath, "map.yaml", "factors: C16 M1 R3 S1 N1 P2 Q2", "factors: C16 M1 R3 S1 N1 P2 Q2 Z3");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(mapping: mapping));
        Assert.Contains("unknown dimension 'Z'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_missing_from_the_energy_table_is_named()
    {
        var ert = Edited(Base.ErtPath, "ert.yaml", "system_top_level.gsram[1..1]", "system_top_level.other_glb[1..1]");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(ert: ert));
        Assert.Equal(ert, e.File);
        Assert.Equal("gsram", e.Field);
    }

    [Fact]
    public void A_v03_architecture_is_recognised_and_explained()
    {
        var arch = Write("arch.yaml", "architecture:\n  version: 0.3\n  subtree:\n    - name: System\n");
        var e = Assert.Throws<UnicoInputException>(() => LoadCase(arch: arch));
        Assert.Contains("v0.3", e.Message, StringComparison.Ordinal);
    }
}
