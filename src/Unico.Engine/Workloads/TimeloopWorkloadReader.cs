using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Workloads;

/// <summary>Imports a Timeloop problem file as a one-layer workload.</summary>
public static class TimeloopWorkloadReader
{
    /// <summary>
    /// Reads a Timeloop problem YAML (see <see cref="TimeloopProblemReader"/>) as a workload named
    /// after the file, with one layer of the same name and repeat 1. A conv2d, depthwise, grouped or
    /// GEMM problem gets that kind and the built-in shape (see <see cref="Layer.FromProblem"/>);
    /// any other shape becomes a <see cref="LayerKind.Custom"/> layer.
    /// </summary>
    public static Workload Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problem = TimeloopProblemReader.Read(path);
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        if (string.IsNullOrWhiteSpace(name)) name = "problem";
        var layer = Layer.FromProblem(name, problem);
        return new Workload(name, $"Timeloop problem '{problem.Shape.Name}' ({layer.Kind.Label()})", path, [layer]);
    }
}
