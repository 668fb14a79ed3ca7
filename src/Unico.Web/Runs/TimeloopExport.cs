using System.IO.Compression;
using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Engine.CoSearch;

namespace Unico.Web.Runs;

/// <summary>
/// A design point of a finished run as Timeloop files, in one zip: what <c>unico export</c> writes
/// (<c>arch.yaml</c>, <c>ERT.yaml</c>, <c>ART.yaml</c>, <c>point.json</c>, and per distinct layer
/// <c>layers/NAME/problem.yaml</c>, <c>map.yaml</c>, <c>expected.json</c>), made by the engine's
/// <see cref="DesignExport"/> from the run's stored result.
/// </summary>
public sealed class TimeloopExport(RunStore store, RunDocuments documents)
{
    /// <summary>The zip's bytes; null when there is no such run. Input errors (no result yet, no such point, infeasible) name the field.</summary>
    public async Task<byte[]?> ZipAsync(long runId, int pointId, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { } run) return null;
        var resultJson = await documents.LoadAsync(runId, RunDocuments.Result, cancellationToken).ConfigureAwait(false)
            ?? throw new UnicoInputException("the run has no result yet: designs are exported from a finished run", field: "id");
        // The result names the inputs where the run's worker had them; here they are this process's copies.
        var config = await documents.LocalInputsAsync(CoSearchConfigJson.Parse(run.ResolvedConfigJson), cancellationToken).ConfigureAwait(false);
        var result = JsonNode.Parse(resultJson)!.AsObject();
        result["config"] = JsonNode.Parse(CoSearchConfigJson.Write(config));

        var folder = Path.Combine(Path.GetTempPath(), "unico-export-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            try
            {
                DesignExport.FromResult(result.ToJsonString(), RunDocuments.Result, pointId, folder);
            }
            catch (UnicoInputException e) when (e.Field == "--point")
            {
                throw new UnicoInputException(e.Detail, field: "point");
            }
            using var zip = new MemoryStream();
            ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
            return zip.ToArray();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
