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
}
