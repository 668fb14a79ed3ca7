using Unico.Web.Catalog;

namespace Unico.Web.Tests.Integration;

public sealed class SafetyTests
{
    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("nets/my.json")]
    [InlineData("my.json")]
    [InlineData("net.yaml")]
    [InlineData(" padded")]
    [InlineData("")]
    public void Custom_names_that_could_be_taken_for_paths_are_rejected(string name) =>
        Assert.Equal("name", Assert.Throws<Engine.UnicoInputException>(() => CatalogService.CheckName(name)).Field);

    [Fact]
    public void An_uploaded_timeloop_problem_is_parsed_into_a_one_layer_workload_named_after_the_file_only()
    {
        const string yaml = """
            problem:
              version: 0.4
              instance:
                C: 3
                H: 224
                Hdilation: 1
                Hpad: 1
                Hstride: 2
                M: 32
                N: 1
                P: 112
                Q: 112
                R: 3
                S: 3
                W: 224
                Wdilation: 1
                Wpad: 1
                Wstride: 2
              shape:
                coefficients:
                - default: 1
                  name: Wstride
                - default: 1
                  name: Hstride
                - default: 1
                  name: Wdilation
                - default: 1
                  name: Hdilation
                data_spaces:
                - name: Weights
                  projection:
                  - - - C
                  - - - M
                  - - - R
                  - - - S
                - name: Inputs
                  projection:
                  - - - N
                  - - - C
                  - - - R
                      - Wdilation
                    - - P
                      - Wstride
                  - - - S
                      - Hdilation
                    - - Q
                      - Hstride
                - name: Outputs
                  projection:
                  - - - N
                  - - - M
                  - - - Q
                  - - - P
                  read_write: true
                dimensions:
                - C
                - M
                - R
                - S
                - N
                - P
                - Q
                name: conv2D
            """;

        var workload = Unico.Web.Components.Pages.Workloads.WorkloadDraft.Import(yaml, "/tmp/../../uploads/layer7.yaml");

        Assert.Equal("layer7", workload.Name);
        var layer = Assert.Single(workload.Layers);
        Assert.Equal(Engine.Workloads.LayerKind.Conv, layer.Kind);
        Assert.Equal(3L * 32 * 9 * 112 * 112, layer.Macs);
        Assert.Equal(2, layer.Stride.W);
    }
}
