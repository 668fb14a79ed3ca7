using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Unico.Web.Components.Pages.DesignSpaces;
using Unico.Web.Components.Pages.Workloads;

namespace Unico.Web.Tests.Components;

/// <summary>The pages' upload buttons: hostile files are refused with a message naming where, nothing is saved (issue 15, defect 6).</summary>
public sealed class ImportTests
{
    [Theory]
    [InlineData("bad.json", """{ "name": "\ud800", "layers": [ { "name": "fc", "type": "fc", "dims": { "N": 8, "K": 8 } } ] }""", "surrogate")]
    [InlineData("deep.yaml", "x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nesting deeper")]
    [InlineData("key.yaml", "? [a, b]\n: 1\n", "mapping key")]
    [InlineData("evil.json", """{ "name": "a\u202Eb", "layers": [ { "name": "fc", "type": "fc", "dims": { "N": 8, "K": 8 } } ] }""", "bidirectional")]
    public async Task A_hostile_workload_file_gets_a_message_and_nothing_is_saved(string file, string text, string message)
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<WorkloadsPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, file));

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Find("#import-error").TextContent, StringComparison.Ordinal));
        Assert.Contains(file, cut.Find("#import-error").TextContent, StringComparison.Ordinal);
        using var db = ctx.Db();
        Assert.Empty(db.Workloads);
    }

    [Fact]
    public async Task A_space_file_with_an_infinite_cap_gets_a_message_naming_the_key()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<SpacesPage>();
        const string space = """{ "name": "inf", "parameters": { "pe_rows": { "min": 4, "max": 16 } }, "constraints": { "max_area_mm2": 1e400 } }""";

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(space, "inf.json"));

        cut.WaitForAssertion(() => Assert.Contains("'constraints.max_area_mm2'", cut.Markup, StringComparison.Ordinal));
        using var db = ctx.Db();
        Assert.Empty(db.Spaces);
    }

    [Fact]
    public async Task A_yaml_file_imported_as_a_space_is_told_what_was_expected_and_where_to_get_it()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<SpacesPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("architecture:\n  version: 0.4\n  nodes: []\n", "arch.yaml"));

        cut.WaitForAssertion(() => Assert.Contains("expected a design space as a JSON object", cut.Find("#space-import-error").TextContent, StringComparison.Ordinal));
        var message = cut.Find("#space-import-error").TextContent;
        Assert.Contains("looks like YAML", message, StringComparison.Ordinal);
        Assert.Contains("Import Timeloop architecture", message, StringComparison.Ordinal);
        Assert.Contains("arch.yaml", message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid JSON", message, StringComparison.Ordinal);
        using var db = ctx.Db();
        Assert.Empty(db.Spaces);
    }

    [Theory]
    [InlineData("list.json", "[ { \"name\": \"fc\" } ]", "expected a workload as a JSON object", "got a JSON list")]
    [InlineData("notes.yaml", "- just\n- a list\n", "expected a Timeloop problem YAML", "or a workload JSON object")]
    public async Task A_workload_file_of_the_wrong_kind_is_told_what_was_expected(string file, string text, string expected, string detail)
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<WorkloadsPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, file));

        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Find("#import-error").TextContent, StringComparison.Ordinal));
        Assert.Contains(detail, cut.Find("#import-error").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("'problem file': expected a mapping (key: value pairs) for problem file\n", cut.Find("#import-error").TextContent, StringComparison.Ordinal);
        using var db = ctx.Db();
        Assert.Empty(db.Workloads);
    }

    [Fact]
    public async Task A_timeloop_problem_spelled_with_data_spaces_imports()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<WorkloadsPage>();
        const string problem = """
            problem:
              shape:
                name: CNN-Layer
                dimensions: [ C, M, R, S, N, P, Q ]
                data-spaces:
                - name: Weights
                  projection: [ [ [C] ], [ [M] ], [ [R] ], [ [S] ] ]
                - name: Inputs
                  projection: [ [ [N] ], [ [C] ], [ [R], [P] ], [ [S], [Q] ] ]
                - name: Outputs
                  projection: [ [ [N] ], [ [M] ], [ [Q] ], [ [P] ] ]
                  read-write: true
              instance: { C: 8, M: 16, R: 3, S: 3, N: 1, P: 4, Q: 4 }
            """;

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(problem, "old-style.yaml"));

        cut.WaitForAssertion(() =>
        {
            using var db = ctx.Db();
            Assert.Equal("old-style", Assert.Single(db.Workloads).Name);
        });
    }
}
