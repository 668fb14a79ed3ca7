// Blazor JavaScript initializer (found by its name, {assembly}.lib.module.js).
// A page that preloads a Plotly bundle (the run page does, in its head) has Plotly evaluated as soon
// as the circuit is up: the browser would otherwise sit idle while the server builds the page, and
// evaluate Plotly only when the page asks for it.
export function afterServerStarted() {
    const link = document.querySelector('link[rel="preload"][as="script"][href*="Plotly.Blazor/plotly"]');
    if (link && window.unicoPlotly) setTimeout(() => window.unicoPlotly.load(!link.href.includes('plotly-basic')));
}
