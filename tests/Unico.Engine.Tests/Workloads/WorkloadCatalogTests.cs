using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>Resolving a workload argument: a built-in name, a JSON file or a Timeloop problem file.</summary>
public sealed class WorkloadCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("unico-catalog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_built_in_name_resolves_ignoring_case()
    {
        Assert.Same(WorkloadZoo.ResNet50, WorkloadCatalog.Resolve("resnet-50"));
        Assert.Same(WorkloadZoo.AlexNet, WorkloadCatalog.Resolve(" ALEXNET "));
    }

    [Fact]
    public void A_json_path_reads_the_workload_file()
    {
        var path = Path.Combine(_dir, "vgg.json");
        WorkloadJson.Write(WorkloadZoo.Vgg16, path);
        Assert.Equal(WorkloadZoo.Vgg16, WorkloadCatalog.Resolve(path));
    }

    [Fact]
    public void A_file_without_a_known_extension_is_read_by_its_content()
    {
        var json = Path.Combine(_dir, "net.workload");
        WorkloadJson.Write(WorkloadZoo.BertBase, json);
        Assert.Equal(WorkloadZoo.BertBase, WorkloadCatalog.Resolve(json));
        var yaml = Path.Combine(_dir, "layer.problem");
        File.Copy(Mapping.EyerissMapSpace.ProblemFile, yaml);
        Assert.Equal(LayerKind.Conv, WorkloadCatalog.Resolve(yaml).Layers.Single().Kind);
    }

    [Fact]
    public void A_yaml_path_imports_the_timeloop_problem()
    {
        var w = WorkloadCatalog.Resolve(Mapping.EyerissMapSpace.ProblemFile);
        Assert.Equal(10_838_016, w.TotalMacs);
    }

    [Fact]
    public void An_unknown_name_lists_the_built_ins()
    {
        var e = Assert.Throws<UnicoInputException>(() => WorkloadCatalog.Resolve("googlenet"));
        Assert.Contains("unknown workload 'googlenet'", e.Message, StringComparison.Ordinal);
        foreach (var name in WorkloadZoo.Names) Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_dir, "missing.json");
        var e = Assert.Throws<UnicoInputException>(() => WorkloadCatalog.Resolve(path));
        Assert.Equal(path, e.File);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
        Assert.Throws<UnicoInputException>(() => WorkloadCatalog.Resolve(""));
        Assert.Throws<UnicoInputException>(() => WorkloadCatalog.Resolve(_dir));
    }
}
