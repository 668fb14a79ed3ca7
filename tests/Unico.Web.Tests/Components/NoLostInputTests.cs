using Bunit;
using Microsoft.AspNetCore.Components;
using Unico.Web.Components.Pages.DesignSpaces;
using Unico.Web.Components.Pages.NewRun;
using Unico.Web.Components.Pages.Workloads;

namespace Unico.Web.Tests.Components;

/// <summary>
/// Forms are not prerendered: the HTML sent before the page is interactive shows a loading state
/// and no field, so nothing typed in the first second is wiped when the circuit connects (issue 16).
/// </summary>
public sealed class NoLostInputTests
{
    public static TheoryData<string> Forms => ["new-run", "workload", "space"];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Before_the_page_is_interactive_a_form_shows_a_loading_state_and_no_field(string form)
    {
        await using var ctx = new ComponentTestContext();
        ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        IRenderedComponent<IComponent> cut = form switch
        {
            "new-run" => ctx.Render<NewRunPage>(),
            "workload" => ctx.Render<WorkloadEditor>(),
            _ => ctx.Render<SpaceEditor>(),
        };

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#form-loading")));
        Assert.Empty(cut.FindAll("input"));
        Assert.Empty(cut.FindAll("textarea"));
        Assert.Empty(cut.FindAll("button"));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Once_interactive_the_form_is_there(string form)
    {
        await using var ctx = new ComponentTestContext();

        IRenderedComponent<IComponent> cut = form switch
        {
            "new-run" => ctx.Render<NewRunPage>(),
            "workload" => ctx.Render<WorkloadEditor>(),
            _ => ctx.Render<SpaceEditor>(),
        };

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("input")));
        Assert.Empty(cut.FindAll("#form-loading"));
    }
}
