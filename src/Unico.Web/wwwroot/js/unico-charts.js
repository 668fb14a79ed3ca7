// The run page's front chart is drawn here (plot), and every chart of the page is extended and
// restyled here: Plotly.Blazor's own extend calls carry x and y only, while the run page's points
// also carry their hover data, in one Plotly call per flush. window.unicoPlotly (plotly-early.js)
// loads Plotly.
// Resolves with the element once it is in the document (null after the timeout).
const element = (id, timeoutMs) => new Promise(resolve => {
    const found = document.getElementById(id);
    if (found) {
        resolve(found);
        return;
    }
    const observer = new MutationObserver(() => {
        const el = document.getElementById(id);
        if (el) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(el);
        }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(() => {
        observer.disconnect();
        resolve(null);
    }, timeoutMs);
});

window.unicoCharts = {
    ready(id) {
        const el = document.getElementById(id);
        return !!(el && window.Plotly && el.data);
    },
    // Draws (or redraws) a chart in one call: the traces with all their points and the layout.
    // Clicks on a point go to dotnet.OnChartClick(trace, index).
    // The call may arrive before the page that holds the chart is rendered: it waits for the element.
    async plot(id, chart, config, dotnet, needFull) {
        const [, el] = await Promise.all([window.unicoPlotly.load(needFull), element(id, 10000)]);
        if (!el) return false;
        // One frame first, so the page shows before the chart's drawing holds the browser.
        await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));
        await window.Plotly.react(el, chart.data, chart.layout, config);
        if (dotnet && !el.unicoClick) {
            el.unicoClick = true;
            el.on('plotly_click', e => {
                const p = e && e.points && e.points[0];
                if (p) dotnet.invokeMethodAsync('OnChartClick', p.curveNumber, p.pointNumber);
            });
        }
        el.dataset.updatedAt = String(Date.now());
        return true;
    },
    // Adds hover data (Plotly custom data) to a drawn trace in place: Plotly reads it when a point is
    // hovered, so no redraw is needed.
    hover(id, trace, rows) {
        const el = document.getElementById(id);
        if (!el || !el.data || !el.data[trace]) return false;
        const data = el.data[trace].customdata;
        if (!Array.isArray(data)) return false;
        for (const row of rows) data.push(row);
        return true;
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
    async download(id, filename, width, height) {
        const el = document.getElementById(id);
        if (!el || !window.Plotly || !el.data) return false;
        await window.Plotly.downloadImage(el, { format: 'png', filename, width, height });
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
