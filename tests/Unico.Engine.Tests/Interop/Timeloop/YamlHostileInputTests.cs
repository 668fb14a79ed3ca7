using System.Text;
using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Tests.Interop.Timeloop;

/// <summary>YAML built to exhaust a reader (issue 15, defects 1 and 2) is refused with an input error, never a crash.</summary>
public sealed class YamlHostileInputTests
{
    private static UnicoInputException Refused(string yaml) =>
        Assert.Throws<UnicoInputException>(() => TimeloopProblemReader.Parse(yaml, "hostile.yaml"));

    [Fact]
    public void A_hundred_thousand_open_brackets_are_refused_as_too_deep_instead_of_overflowing_the_stack()
    {
        var yaml = "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var e = Refused(yaml);

        Assert.Contains("nesting deeper than 64", e.Message, StringComparison.Ordinal);
        Assert.Equal("hostile.yaml", e.File);
        Assert.Equal(1, e.Line);
        Assert.Equal("x", e.Field);
    }

    private static string Laughs(int levels)
    {
        // Each level a list of nine aliases of the level below: 9^levels nodes once expanded.
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= levels; level++)
            yaml.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        return yaml.ToString();
    }

    [Fact]
    public void Nested_anchors_that_stand_for_billions_of_nodes_are_refused()
    {
        var e = Refused(Laughs(10) + "problem: *a10\n");

        Assert.Contains("once its aliases (*name) are expanded", e.Message, StringComparison.Ordinal);
        Assert.Equal("a6", e.Field); // the first level past a million nodes
    }

    [Fact]
    public void Nested_anchors_used_as_a_mapping_key_are_refused_before_anything_hashes_them()
    {
        var e = Refused(Laughs(3) + "? *a3\n: 1\n");
        Assert.Contains("mapping key must be a plain value", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void A_list_used_as_a_mapping_key_is_refused()
    {
        var e = Refused("? [a, b]\n: 1\n");
        Assert.Contains("mapping key must be a plain value", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void An_alias_used_as_a_mapping_key_is_refused()
    {
        var e = Refused("base: &k name\nproblem:\n  *k : 3\n");
        Assert.Contains("mapping key", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_refused_with_its_line()
    {
        var e = Refused("problem:\n  shape:\n    name: \"\\ud800\"\n");
        Assert.Contains("surrogate", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_file_larger_than_the_size_cap_is_refused_before_parsing()
    {
        var yaml = "# " + new string('x', InputLimits.MaxChars) + "\n";
        var e = Refused(yaml);
        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_of_a_plain_size_are_still_read()
    {
        const string yaml = """
            sizes: &sizes
              C: 3
            problem:
              instance: *sizes
            """;
        var e = Refused(yaml); // no shape: the reader gets as far as the problem's content
        Assert.DoesNotContain("aliases", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("malformed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x: [1, 2")]
    [InlineData("x: \"open")]
    [InlineData("x: *missing")]
    [InlineData("a: &a 1\na: &a 2")]
    [InlineData("\t- x")]
    [InlineData("x: !!binary AAA=")]
    [InlineData("x: {a: 1, a: 2}")]
    [InlineData("--- a\n--- b\n...\n%YAML 1.1\n")]
    public void Malformed_yaml_is_an_input_error_with_a_line(string yaml) =>
        Assert.NotNull(Refused(yaml).File);
}
