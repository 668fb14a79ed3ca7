using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>Timeloop problem files import as one-layer workloads.</summary>
public sealed class TimeloopWorkloadReaderTests : IDisposable
{
    private static string EyerissProblem => Mapping.EyerissMapSpace.ProblemFile;

    private readonly string _dir = Directory.CreateTempSubdirectory("unico-tl-workload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_eyeriss_reference_problem_imports_as_one_strided_conv2d_layer()
    {
        var w = TimeloopWorkloadReader.Read(EyerissProblem);
        var layer = Assert.Single(w.Layers);
        Assert.Equal("problem", w.Name);
        Assert.Equal(EyerissProblem, w.Source);
        Assert.Equal(LayerKind.Conv, layer.Kind);
        Assert.Equal(Spatial2D.Square(2), layer.Stride);
        Assert.Equal(Layer.Conv("problem", c: 3, m: 32, r: 3, s: 3, p: 112, q: 112, stride: 2).Key, layer.Key);
        Assert.Equal(10_838_016, w.TotalMacs); // Timeloop's own count of computes for this problem
        Assert.Equal(w, WorkloadJson.Parse(WorkloadJson.Write(w)));
    }

    [Fact]
    public void An_unfamiliar_problem_shape_imports_as_a_custom_layer()
    {
        var path = Path.Combine(_dir, "outer.yaml");
        File.WriteAllText(path, """
            problem:
              shape:
                name: outer-product
                dimensions: [ I, J ]
                data_spaces:
                  - name: A
                    projection: [ [ [I] ] ]
                  - name: B
                    projection: [ [ [J] ] ]
                  - name: Z
                    projection: [ [ [I] ], [ [J] ] ]
                    read_write: true
              instance:
                I: 16
                J: 8
            """);
        var layer = Assert.Single(TimeloopWorkloadReader.Read(path).Layers);
        Assert.Equal(LayerKind.Custom, layer.Kind);
        Assert.Equal(128, layer.Macs);
        Assert.Equal("outer", layer.Name);
    }

    [Fact]
    public void Errors_in_the_problem_file_keep_the_file_and_line()
    {
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, File.ReadAllText(EyerissProblem).Replace("    M: 32", "    M: 0", StringComparison.Ordinal));
        var e = Assert.Throws<UnicoInputException>(() => TimeloopWorkloadReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.NotNull(e.Line);
        Assert.Equal("M", e.Field);
    }
}
