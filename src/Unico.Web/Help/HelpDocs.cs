using System.Collections.Concurrent;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Unico.Web.Help;

/// <summary>
/// The repository's docs (docs/*.md, embedded in the app) as HTML for the help pages
/// (<c>/help/{name}</c>). Headings get GitHub's anchors, so <c>/help/method#5-robustness</c> opens
/// the same section as docs/method.md#5-robustness; links between the docs stay inside the app.
/// </summary>
public static class HelpDocs
{
    /// <summary>Sections of docs/method.md the dashboard's explanations link to.</summary>
    public static class Method
    {
        /// <summary>Successive halving, rungs, promotion, fidelity.</summary>
        public const string Loop = "/help/method#4-the-unico-loop";

        /// <summary>Robustness R, sensitivity S, degradation.</summary>
        public const string Robustness = "/help/method#5-robustness";

        /// <summary>The objectives and feasibility.</summary>
        public const string Objectives = "/help/method#3-the-objectives-of-a-hardware-point";
    }

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .DisableHtml()
        .Build();

    private static readonly ConcurrentDictionary<string, string?> Rendered = new(StringComparer.Ordinal);

    /// <summary>The names of the embedded docs (method, cosearch, ...).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(HelpDocs).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("docs/", StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
        .Select(n => n["docs/".Length..^".md".Length]).Order(StringComparer.Ordinal)];

    /// <summary>The doc's HTML, or null when there is no doc of that name.</summary>
    public static string? Html(string name) => Names.Contains(name) ? Rendered.GetOrAdd(name, Render) : null;

    /// <summary>
    /// A report the engine wrote (a comparison's report.md) as HTML. Its text carries user input
    /// (names), so raw HTML is escaped and links and images become their text.
    /// </summary>
    public static string Report(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList()) link.ReplaceBy(new LiteralInline(LinkText(link)));
        return ToHtml(document);
    }

    private static string ToHtml(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    private static string LinkText(LinkInline link) => link.IsImage
        ? (link.FirstChild as LiteralInline)?.Content.ToString() ?? ""
        : string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    private static string? Render(string name)
    {
        using var stream = typeof(HelpDocs).Assembly.GetManifestResourceStream($"docs/{name}.md");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        var document = Markdown.Parse(reader.ReadToEnd(), Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList()) Rewrite(link);
        return ToHtml(document);
    }

    // "cosearch.md#x" -> "/help/cosearch#x"; images and links to files outside docs/ (screenshots,
    // results) are not served, so they become their text.
    private static void Rewrite(LinkInline link)
    {
        var url = link.Url ?? "";
        if (url.StartsWith('#') || url.Contains("://", StringComparison.Ordinal)) return;
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? url : url[..hash];
        var anchor = hash < 0 ? "" : url[hash..];
        if (!link.IsImage && path.EndsWith(".md", StringComparison.Ordinal) && !path.Contains('/', StringComparison.Ordinal) && Names.Contains(path[..^3]))
        {
            link.Url = $"/help/{path[..^3]}{anchor}";
            return;
        }
        link.ReplaceBy(new LiteralInline(LinkText(link)));
    }
}
