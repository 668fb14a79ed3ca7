namespace Unico.Web.Components.Common;

/// <summary>
/// The one-line explanations the pages show next to the method's terms (tooltips of <see cref="HelpTip"/>),
/// each with the section of docs/method.md that says more.
/// </summary>
public static class Explain
{
    /// <summary>Robustness R.</summary>
    public static readonly (string Text, string Href) Robustness = (
        "R = 1 / (1 + S), S how much better the full mapping search did than the first rung's budget b0 (geometric mean over layers): "
        + "the mapping sensitivity, scored for every high-fidelity point. The robust front is picked by the run's robustness measure "
        + "(by default perturbation: each front design's degradation on copies of the training layers with their largest loop bounds "
        + "doubled and halved), which predicts held-out degradation better.",
        Help.HelpDocs.Method.Robustness);

    /// <summary>Degradation on held-out networks.</summary>
    public static readonly (string Text, string Href) Degradation = (
        "How much further from the best design this one falls on the held-out networks than on the training ones (log EDP). "
        + "A negative rank correlation with R means robust designs degrade less.",
        Help.HelpDocs.Method.Robustness);

    /// <summary>High and low fidelity.</summary>
    public static readonly (string Text, string Href) Fidelity = (
        "High fidelity: the point's mapping searches reached the full budget B per layer, or all plateaued. "
        + "Low fidelity: successive halving stopped it earlier; its costs are real mappings' costs but more search might lower them, and it has no R.",
        Help.HelpDocs.Method.Loop);

    /// <summary>Markers of the front chart.</summary>
    public static readonly (string Text, string Href) Markers = (
        "Grey: every feasible point; blue: the Pareto front; a hollow blue marker is a low-fidelity point on the front "
        + "(its search was stopped early, so it may move, and it has no R); pink: the selected point.",
        Help.HelpDocs.Method.Loop);

    /// <summary>Successive-halving rungs.</summary>
    public static readonly (string Text, string Href) Rungs = (
        "Each batch's points start with b0 mapping evaluations per layer (rung 0; b0 and eta derived from the budget by default); after a rung "
        + "the best 1/eta survive with eta times the budget, the rest are dropped (low fidelity). A layer search that plateaued gets no more "
        + "budget; promoted: every layer search of the point stopped, so it is finished at high fidelity. The last rung, at the full budget B, "
        + "lists its points as promoted too: they are done. A rung cut short by the end of the mapping budget lists its points as dropped.",
        Help.HelpDocs.Method.Loop);

    /// <summary>Why a low-fidelity point shows no R.</summary>
    public const string NoRobustness = "no R: low fidelity (only points whose searches reached the full budget, or all plateaued, are scored)";
}
