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

// A 2D chart's many faded points (a trace with meta 'dots', mode 'none') are painted on one canvas
// that goes into the plot as a single SVG image, below the other traces, instead of one SVG element
// per point. Plotly keeps the trace for the axis ranges, hover and clicks; it draws only the few
// front and selected markers. The image is redrawn after every Plotly drawing (zoom, pan, resize,
// new points), and moves with the plot while it is dragged.
const dots = {
    attach(el) {
        if (el.unicoDots) return;
        el.unicoDots = true;
        el.on('plotly_afterplot', () => dots.draw(el));
    },
    draw(el) {
        const layout = el._fullLayout;
        const subplot = layout && layout._plots && layout._plots.xy;
        const plot = subplot && subplot.plot && subplot.plot.node ? subplot.plot.node() : el.querySelector('.cartesianlayer .subplot.xy .overplot > .xy');
        const index = (el.data || []).findIndex(t => t.meta === 'dots');
        if (!layout || !layout.xaxis || !layout.yaxis || !plot || index < 0) return;
        const trace = el.data[index];
        const xa = layout.xaxis, ya = layout.yaxis;
        const width = Math.max(1, Math.round(xa._length)), height = Math.max(1, Math.round(ya._length));
        const ratio = window.devicePixelRatio || 1;
        const canvas = el.unicoCanvas || (el.unicoCanvas = document.createElement('canvas'));
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
        const ctx = canvas.getContext('2d');
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        const shown = el._fullData[index] && el._fullData[index].visible === true;
        const xs = trace.x || [], ys = trace.y || [];
        const radius = ((trace.marker && trace.marker.size) || 6) / 2;
        if (shown && xs.length > 0) {
            ctx.fillStyle = (trace.marker && trace.marker.color) || '#c5ccd4';
            ctx.beginPath();
            for (let i = 0; i < xs.length; i++) {
                const px = xa.d2p(xs[i]), py = ya.d2p(ys[i]);
                if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
                ctx.moveTo(px + radius, py);
                ctx.arc(px, py, radius, 0, 2 * Math.PI);
            }
            ctx.fill();
        }
        let image = plot.querySelector(':scope > image.unico-dots');
        if (!image) {
            image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
            image.setAttribute('class', 'unico-dots');
            image.setAttribute('preserveAspectRatio', 'none');
            plot.insertBefore(image, plot.firstChild);
        }
        image.setAttribute('width', width);
        image.setAttribute('height', height);
        image.setAttribute('href', shown && xs.length > 0 ? canvas.toDataURL() : '');
        el.dataset.dots = String(shown ? xs.length : 0);
    },
    // The figure with the dots as ordinary markers (for images made by Plotly, which knows no canvas).
    figure(el) {
        return { data: el.data.map(t => t.meta === 'dots' ? { ...t, mode: 'markers' } : t), layout: el.layout };
    },
};

// Whether the browser can draw WebGL (Plotly's 3D scatter needs it).
const webGl = () => {
    try {
        const canvas = document.createElement('canvas');
        return !!(canvas.getContext('webgl2') || canvas.getContext('webgl'));
    } catch {
        return false;
    }
};

// Resolves true once window.Plotly is there (false after the timeout).
const plotlyLoaded = (timeoutMs) => new Promise(resolve => {
    const start = Date.now();
    const check = () => {
        if (window.Plotly && window.Plotly.react) resolve(true);
        else if (Date.now() - start > timeoutMs) resolve(false);
        else setTimeout(check, 20);
    };
    check();
});

window.unicoCharts = {
    ready(id) {
        const el = document.getElementById(id);
        return !!(el && window.Plotly && el.data);
    },
    // Draws (or redraws) a chart in one call: the traces with all their points and the layout.
    // Clicks on a point go to dotnet.OnChartClick(trace, index).
    // The call may arrive before the page that holds the chart is rendered: it waits for the element.
    // A failure is written to the console (with the chart's id) before it goes back to the server.
    async plot(id, chart, config, dotnet, needFull) {
        try {
            return await this.plotCore(id, chart, config, dotnet, needFull);
        } catch (e) {
            window.unicoPlotError = `${id}: ${(e && e.message) || e}`;
            console.error(`unicoCharts.plot(${window.unicoPlotError})`);
            throw e;
        }
    },
    async plotCore(id, chart, config, dotnet, needFull) {
        const [, el] = await Promise.all([window.unicoPlotly.load(needFull), element(id, 10000)]);
        if (!el) return false;
        // Plotly.Blazor's loader resolves at once when its script tag is already there, loaded or not.
        if (!(await plotlyLoaded(30000))) throw new Error('Plotly did not load in 30 s');
        if (needFull && !webGl()) throw new Error('the 3D view needs WebGL, which this browser does not offer');
        // One frame first, so the page shows before the chart's drawing holds the browser.
        await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));
        if (chart.data.some(t => t.meta === 'dots')) {
            // The toolbar's image export goes through the figure with the dots as markers too.
            config = {
                ...config,
                modeBarButtonsToRemove: ['toImage'],
                modeBarButtonsToAdd: [{
                    name: 'unico-png', title: 'Download plot as a PNG', icon: window.Plotly.Icons.camera,
                    click: gd => window.Plotly.downloadImage(dots.figure(gd), { format: 'png', filename: id, width: gd._fullLayout.width, height: gd._fullLayout.height }),
                }],
            };
        }
        await window.Plotly.react(el, chart.data, chart.layout, config);
        dots.attach(el); // Plotly's events exist once it has drawn: later drawings (zoom, extend) repaint the dots
        dots.draw(el);
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
        await window.Plotly.downloadImage(dots.figure(el), { format: 'png', filename, width, height });
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
