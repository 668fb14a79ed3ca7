// Loads Plotly for the charts. On a page with charts it starts while Blazor connects, instead of when
// the first chart renders (about 0.3 s later on a run page). It goes through Plotly.Blazor's own
// interop module and script id, so Plotly.Blazor's chart components find the script loaded (or
// loading) and never load it twice. The names follow the pinned Plotly.Blazor version; a web test
// checks that these files exist.
window.unicoPlotly = (() => {
    const interop = '_content/Plotly.Blazor/plotly-interop-7.2.0.js';
    const basic = '_content/Plotly.Blazor/plotly-basic-3.7.0.min.js';
    const full = '_content/Plotly.Blazor/plotly-3.7.0.min.js';
    let loading = null;
    let loadingFull = false;

    // Plain script tag: used only if Plotly.Blazor's module cannot be imported.
    const tag = (src) => new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
    });

    // Resolves once window.Plotly is there; the full bundle (3D) replaces the basic one.
    function load(needFull) {
        if (loading && (loadingFull || !needFull)) return loading;
        loadingFull = !!needFull;
        const bundle = needFull ? full : basic;
        // Resolved against the document's base, as Blazor resolves it, so the import map gives the same module.
        loading = import(new URL(interop, document.baseURI).href)
            .then(m => m.importScript('plotly-import', `./${bundle}`))
            .catch(() => tag(new URL(bundle, document.baseURI).href));
        return loading;
    }

    return { load };
})();
