// Appends to and restyles Plotly charts created by Plotly.Blazor (window.Plotly is loaded by it).
// Plotly.Blazor's own extend calls carry x and y only; the run page's scatter also appends hover
// text and point ids, in one Plotly.extendTraces call per flush.
window.unicoCharts = {
    ready(id) {
        const el = document.getElementById(id);
        return !!(el && window.Plotly && el.data);
    },
    extend(id, update, indices) {
        const el = document.getElementById(id);
        if (!el || !window.Plotly || !el.data) return false;
        window.Plotly.extendTraces(el, update, indices);
        el.dataset.updatedAt = String(Date.now());
        return true;
    },
    restyle(id, update, indices) {
        const el = document.getElementById(id);
        if (!el || !window.Plotly || !el.data) return false;
        window.Plotly.restyle(el, update, indices);
        el.dataset.updatedAt = String(Date.now());
        return true;
    },
    count(id, trace) {
        const el = document.getElementById(id);
        if (!el || !el.data || !el.data[trace] || !el.data[trace].x) return -1;
        return el.data[trace].x.length;
    },
    async copy(text) {
        try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
    }
};
