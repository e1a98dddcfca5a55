// Charts fitted to the width they get (served from assets/, loaded on every page).
// The server works out each chart's margins from its labels (dashboard/figure_margins.py), but not the width
// the browser gives the chart. Where those margins leave the plot less than half of that width (a phone, a
// half-width card on a small screen), long category names would squeeze the plot to a sliver, and plotly
// shrinks margins wider than the chart, cutting labels off. So every Plotly.react (how dash draws a graph)
// first passes the figure through `fitWidth`, with the width of the graph's box:
//   1. names down the side are wrapped onto lines of at most 30% of the width (a long compound broken with a
//      hyphen), the margin set to what they take, the chart made taller where its rows need it;
//   2. still under 35%: what the chart also says elsewhere makes room: a heatmap's colour bar goes where its
//      cells carry their figures (else it lies across the bottom), text beside the bars goes (the chart's
//      table and hover carry the same figures), the title over names down the side goes (the names and the
//      card's heading say what they are), a legend moves above the plot;
//   3. names along the bottom stand upright (as many lines as a column holds, the rest in the hover and the
//      table), numbers along the bottom stay level with fewer ticks, axis titles and the notes below the plot
//      are wrapped to what is left, the notes moved down by the lines a title gained.
// A legend the server put at the chart's bottom edge (dashboard/figure_margins.py: place_legend) gets the room
// its rows take at this width, a name wider than the chart wrapped (tests/browser/test_chart_legends.py).
// A fitted chart gets its width and height set (plotly's own resizing would drop the height) and is fitted
// again when its box changes width, as is a chart that was hidden when it was drawn. A chart that keeps half
// its width, and every map, is drawn as the server sent it. tests/browser/test_chart_width.py checks every
// chart page at 320 and 390 px.
(function () {
    "use strict";
    var ROOM = 0.5; // the plot's share of the chart's width below which a chart is adapted
    var CRAMPED = 0.35; // ... and below which what the chart also says elsewhere makes room (step 2)
    var LABEL_SHARE = 0.3; // wrapped category labels: at most this share of the width
    var LINE = 1.3; // plotly's line height, in font sizes
    var PAD = 6;
    var SLACK = 1.04; // SVG text comes out a little wider than the canvas measures it
    var BR = /<br\s*\/?>/i;
    var ctx = document.createElement("canvas").getContext("2d");

    function num(value, fallback) {
        return typeof value === "number" && isFinite(value) ? value : fallback;
    }
    function font(layout) {
        var own = layout.font || {};
        var template = (layout.template && layout.template.layout && layout.template.layout.font) || {};
        return {
            family: own.family || template.family || "sans-serif",
            size: num(own.size, num(template.size, 13)),
        };
    }
    function textWidth(text, size, family) {
        ctx.font = size + "px " + family;
        return String(text).replace(/<(?!br)[^>]*>/gi, "").split(BR).reduce(function (widest, line) {
            return Math.max(widest, ctx.measureText(line).width * SLACK);
        }, 0);
    }
    function lineCount(text) {
        return String(text).split(BR).length;
    }
    // Greedy wrap at spaces into lines at most `max` px wide; a word wider than `breakAt` (default `max`: a
    // Dutch compound) is broken with a hyphen. Labels, whose margin follows their lines, let a word run over a
    // little rather than break it.
    function wrap(text, max, size, family, breakAt) {
        var limit = breakAt || max;
        var lines = [];
        String(text).split(BR).forEach(function (part) {
            var line = "";
            part.split(" ").forEach(function (word) {
                var longer = line ? line + " " + word : word;
                if (textWidth(longer, size, family) <= max) {
                    line = longer;
                    return;
                }
                if (line) {
                    lines.push(line);
                }
                while (word.length > 4 && textWidth(word, size, family) > limit) {
                    var cut = word.length - 2;
                    while (cut > 2 && textWidth(word.slice(0, cut) + "-", size, family) > max) {
                        cut -= 1;
                    }
                    lines.push(word.slice(0, cut) + "-");
                    word = word.slice(cut);
                }
                line = word;
            });
            lines.push(line);
        });
        return lines.join("<br>");
    }
    function titleText(axis) {
        var title = axis && axis.title;
        return title && typeof title === "object" ? title.text : title;
    }
    function withTitle(axis, text) {
        var title = axis.title && typeof axis.title === "object" ? axis.title : {};
        return Object.assign({}, axis, { title: Object.assign({}, title, { text: text }) });
    }
    // At most `most` lines of a wrapped label, the last one ending in an ellipsis when some were left out.
    function clip(text, most) {
        var lines = String(text).split(BR);
        return lines.length <= most ? text : lines.slice(0, most).join("<br>") + "…";
    }
    // A note below the plot, from its left edge (the counting rules under the portfolio's charts).
    function isNote(note) {
        return note.xref === "paper" && note.x === 0 && note.xanchor === "left" && num(note.yshift, 0) < 0 &&
            typeof note.text === "string";
    }
    function isDate(value) {
        return /^\d{4}-\d{2}/.test(value);
    }

    // {layout key: {letter, categories}} of the cartesian axes the traces use.
    function axesOf(data, layout) {
        var axes = {};
        (data || []).forEach(function (trace) {
            var type = trace.type || "scatter";
            if (["bar", "scatter", "scattergl", "heatmap", "box", "histogram"].indexOf(type) < 0) {
                return;
            }
            ["x", "y"].forEach(function (letter) {
                var ref = String(trace[letter + "axis"] || letter);
                var key = letter + "axis" + ref.slice(1);
                var entry = axes[key] || (axes[key] = { letter: letter, categories: [] });
                var values = trace[letter];
                if (values && values.length && typeof values[0] === "string") {
                    Array.prototype.forEach.call(values, function (v) {
                        if (entry.categories.indexOf(v) < 0) {
                            entry.categories.push(v);
                        }
                    });
                }
            });
        });
        Object.keys(axes).forEach(function (key) {
            var axis = layout[key] || {};
            var cats = axes[key].categories;
            var category = axis.type === "category" || (axis.type === undefined && cats.length > 0 &&
                !cats.every(function (v) { return isDate(v) || (v.trim() !== "" && !isNaN(Number(v))); }));
            if (!category || axis.showticklabels === false || axis.visible === false) {
                axes[key].categories = [];
            }
        });
        return axes;
    }

    function titleRoom(axis, size) {
        var text = titleText(axis);
        if (!text) {
            return 0;
        }
        var title = typeof axis.title === "object" ? axis.title : {};
        var titleSize = num(title.font && title.font.size, Math.round(size * 1.2));
        return num(title.standoff, 15) + lineCount(text) * LINE * titleSize;
    }

    // The widest number an axis can show: its largest value as plotly writes it.
    function widestTick(key, axis, traces) {
        var letter = key.charAt(0);
        var ref = letter + key.slice(5);
        var largest = 0;
        var dates = false;
        traces.forEach(function (trace) {
            if (String(trace[letter + "axis"] || letter) !== ref) {
                return;
            }
            var base = trace.type === "bar" ? trace.base : null;
            Array.prototype.forEach.call(trace[letter] || [], function (v, i) {
                if (typeof v === "string" && isDate(v)) {
                    dates = true;
                }
                var at = Number(v) + (Array.isArray(base) ? Number(base[i]) || 0 : Number(base) || 0);
                if (isFinite(at)) {
                    largest = Math.max(largest, Math.abs(at));
                }
            });
        });
        if (dates) {
            return "30 sep 2024";
        }
        var percent = /%$/.test(axis.tickformat || "");
        var digits = Math.round(largest * (percent ? 100 : 1) * 1.05).toLocaleString("nl-NL");
        return (axis.tickprefix || "") + "−" + digits + (percent ? "%" : "") + (axis.ticksuffix || "");
    }

    // Has the figure anything fitWidth adapts: axes, or notes below the plot?
    function fittable(figure) {
        return Object.keys(axesOf(figure.data, figure.layout)).length > 0 ||
            (figure.layout.annotations || []).some(isNote);
    }

    // A legend the server put at the bottom of the chart (dashboard/figure_margins.py: place_legend), worked
    // out again for the chart's width: a name wider than the chart wrapped, the rows its entries take (plotly
    // lays a horizontal legend's rows out across the plot's width, from the chart's left edge; an entry wider
    // than that has a row of its own).
    var LEGEND_ENTRY = 46; // px beside an entry's text: its symbol and gaps (plotly.js, measured)
    var LEGEND_ROW = 20;
    var LEGEND_PAD = 10;
    function legendAt(figure, width) {
        var layout = figure.layout || {};
        var room = num(layout.meta && layout.meta.legend_room, 0);
        if (!room) {
            return null;
        }
        var f = font(layout);
        var margin = layout.margin || {};
        var most = width - LEGEND_ENTRY - 2 * PAD;
        width = width - num(margin.l, 80) - num(margin.r, 80); // the rows' width
        var wrapped = false;
        var rows = []; // the most lines of a name in each row
        var used = width;
        var data = (figure.data || []).map(function (trace) {
            if (trace.visible === false || trace.showlegend === false || trace.name === undefined ||
                trace.name === null) {
                return trace;
            }
            var name = String(trace.name);
            if (textWidth(name, f.size, f.family) > most) {
                name = wrap(name.split(BR).join(" "), most, f.size, f.family);
                wrapped = true;
            }
            var entry = textWidth(name, f.size, f.family) + LEGEND_ENTRY;
            if (used + entry > width) {
                rows.push(lineCount(name));
                used = entry;
            } else {
                rows[rows.length - 1] = Math.max(rows[rows.length - 1], lineCount(name));
                used += entry;
            }
            return name === String(trace.name) ? trace : Object.assign({}, trace, { name: name });
        });
        var height = Math.ceil(LEGEND_PAD + rows.reduce(function (sum, lines) {
            return sum + LEGEND_ROW + (lines - 1) * LINE * f.size;
        }, 0)) + PAD;
        return { room: room, height: height, data: data, changed: wrapped || Math.abs(height - room) >= 2 };
    }

    // The figure adapted to a chart `width` px wide, or the figure itself where it fits.
    function fitWidth(figure, width) {
        var layout = figure.layout || {};
        var data = figure.data || [];
        var below = width > 100 ? legendAt(figure, width) : null;
        if (below) { // fitted as a chart without its legend, which goes back at the bottom at the end
            layout = Object.assign({}, layout, {
                margin: Object.assign({}, layout.margin, { b: num((layout.margin || {}).b, 80) - below.room }),
                height: num(layout.height, 450) - below.room,
            });
            data = below.data;
        }
        var axes = axesOf(data, layout);
        var keys = Object.keys(axes);
        if (!(width > 100)) {
            return figure; // hidden: fitted once it has a width
        }
        var f = font(layout);
        var margin = layout.margin || {};
        var l = num(margin.l, 80);
        var r = num(margin.r, 80);
        var b = num(margin.b, 80);
        var xTitle = titleText(layout.xaxis);
        var xTitleWidth = xTitle ? textWidth(xTitle, Math.round(f.size * 1.2), f.family) : 0;
        var cramped = keys.length > 0 && (width - l - r < ROOM * width || xTitleWidth > width - l - r);
        var notes = (layout.annotations || []).filter(function (note) {
            return isNote(note) && textWidth(note.text, num(note.font && note.font.size, f.size), f.family) >
                width - 2 * PAD;
        });
        if (!cramped && !notes.length && !(below && below.changed)) {
            return figure;
        }
        var out = Object.assign({}, layout, { margin: Object.assign({}, margin) });
        var traces = data.slice();
        var rows = 0; // the rows of wrapped labels on a vertical axis, their most lines and font size
        var rowLines = 1;
        var rowSize = f.size;

        var plotWidth = Math.max(width - l - r, 60);
        var height = num(layout.height, 450);
        var top = num(margin.t, 80);
        var plotHeight = height - top - b; // kept (or grown for wrapped rows) while the bottom margin grows
        var lower = 0; // px the x axis' title grew downwards
        var colourBar = 0; // px a colour bar laid across the bottom takes
        var named = []; // [key, side, room] of the titled axes of names down the side
        if (cramped) {
            // 1. Labels down the side: category names wrapped, the margin what they take (the server's may
            // hold names along the bottom turned by 30 degrees, which stand upright below).
            keys.forEach(function (key) {
                var entry = axes[key];
                var axis = out[key] || {};
                if (entry.letter !== "y") {
                    return;
                }
                var size = num(axis.tickfont && axis.tickfont.size, f.size);
                var side = axis.side === "right" ? "r" : "l";
                var cats = entry.categories;
                var room;
                if (cats.length) {
                    var labels = axis.ticktext ? axis.ticktext.map(String) : cats;
                    var budget = Math.max(LABEL_SHARE * width, 60,
                        (1 - ROOM) * width - r - titleRoom(axis, f.size) - 2 * PAD);
                    var wrapped = labels.map(function (t) { return wrap(t, budget, size, f.family, 1.5 * budget); });
                    var longest = wrapped.reduce(function (w, t) { return Math.max(w, textWidth(t, size, f.family)); }, 0);
                    room = Math.ceil(longest + titleRoom(axis, f.size) + 2 * PAD);
                    out[key] = Object.assign({}, axis, {
                        tickmode: "array", tickvals: axis.ticktext ? axis.tickvals : cats, ticktext: wrapped,
                        automargin: false,
                    });
                    if (titleText(axis)) {
                        named.push([key, side, titleRoom(axis, f.size)]);
                    }
                    rows = Math.max(rows, cats.length);
                    rowLines = Math.max(rowLines, wrapped.reduce(function (n, t) { return Math.max(n, lineCount(t)); }, 1));
                    rowSize = Math.max(rowSize, size);
                } else if (axis.showticklabels !== false && axis.visible !== false) {
                    // numbers: estimated, and plotly may widen the margin where the estimate falls short
                    room = Math.ceil(textWidth(widestTick(key, axis, traces), size, f.family) +
                        titleRoom(axis, f.size) + 2 * PAD);
                    out[key] = Object.assign({}, axis, { automargin: true });
                } else {
                    return;
                }
                room = Math.min(room, num(margin[side], 80)); // a margin only shrinks here
                out.margin[side] = room;
                if (side === "l") {
                    l = room;
                } else {
                    r = room;
                }
            });

            // 2. Still cramped: what the chart also says elsewhere makes room.
            if (width - l - r < CRAMPED * width) {
                traces = traces.map(function (trace) {
                    if (trace.type === "heatmap" && trace.showscale !== false) {
                        r = Math.min(r, 30);
                        if (trace.texttemplate) {
                            return Object.assign({}, trace, { showscale: false }); // the cells carry their figures
                        }
                        colourBar = 70; // below the chart, across it
                        return Object.assign({}, trace, { colorbar: Object.assign({}, trace.colorbar, {
                            orientation: "h", x: 0.5, xanchor: "center", y: 0, yanchor: "bottom",
                            yref: "container", thickness: 12, len: 0.9,
                            title: Object.assign({}, (trace.colorbar || {}).title, { side: "top" }),
                        }) });
                    }
                    if (trace.type === "bar" && trace.textposition === "outside" && trace.cliponaxis === false) {
                        r = Math.min(r, 30);
                        return Object.assign({}, trace, { textposition: "none" }); // the table has them
                    }
                    var mode = trace.mode || "";
                    if (mode.indexOf("text") >= 0 && trace.cliponaxis === false &&
                        /right/.test(trace.textposition || "")) {
                        r = Math.min(r, 30);
                        var kept = mode.split("+").filter(function (m) { return m !== "text"; }).join("+");
                        return Object.assign({}, trace, { mode: kept || "none" }); // the table has them
                    }
                    return trace;
                });
                named.forEach(function (axis) { // the names say what they are; the card's heading names them too
                    out[axis[0]] = withTitle(out[axis[0]], "");
                    out.margin[axis[1]] = Math.max(PAD, out.margin[axis[1]] - Math.floor(axis[2]));
                    if (axis[1] === "l") {
                        l = out.margin.l;
                    }
                });
                var legend = out.legend || {};
                if (out.showlegend !== false && legend.orientation !== "h" && num(legend.x, 1.02) >= 1) {
                    out.legend = Object.assign({}, legend, {
                        orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom",
                    });
                }
                out.margin.r = Math.min(num(out.margin.r, 80), Math.max(r, PAD));
                r = out.margin.r;
            }

            // Category labels along the bottom upright, as many lines as a column holds, the rest of a name left to
            // the hover and the table.
            keys.forEach(function (key) {
                var entry = axes[key];
                var axis = out[key] || {};
                var cats = entry.categories;
                if (entry.letter !== "x" || !cats.length) {
                    return;
                }
                var size = num(axis.tickfont && axis.tickfont.size, f.size);
                var labels = axis.ticktext ? axis.ticktext.map(String) : cats;
                var column = (width - l - r) / cats.length;
                var most = Math.max(1, Math.floor(column / (LINE * size)));
                var budget = Math.max(LABEL_SHARE * width, 60);
                var upright = labels.map(function (t) {
                    return clip(wrap(t, budget, size, f.family, 1.5 * budget), most);
                });
                out[key] = Object.assign({}, axis, {
                    tickmode: "array", tickvals: axis.ticktext ? axis.tickvals : cats, ticktext: upright,
                    tickangle: -90, automargin: true,
                });
                var deepest = upright.reduce(function (w, t) { return Math.max(w, textWidth(t, size, f.family)); }, 0);
                out.margin.b = Math.ceil(deepest + titleRoom(axis, f.size) + 2 * PAD);
            });

            // Cells' own text wrapped to the cell (a heatmap's figures).
            plotWidth = Math.max(width - l - r, 60);
            traces = traces.map(function (trace) {
                if (trace.type !== "heatmap" || !trace.texttemplate || !Array.isArray(trace.text)) {
                    return trace;
                }
                var columns = Math.max(1, (trace.x || (trace.z && trace.z[0]) || [0]).length);
                var cell = plotWidth / columns - 4;
                var size = num(trace.textfont && trace.textfont.size, f.size);
                var glue = function (t) { return String(t).replace(/€ (?=[-−\d])/g, "€\u00a0"); };
                var word = 0; // the widest word decides the smallest font the cells need (not under 8 px)
                trace.text.forEach(function (row) {
                    (Array.isArray(row) ? row : []).forEach(function (t) {
                        glue(t).split(" ").forEach(function (w) { word = Math.max(word, textWidth(w, size, f.family)); });
                    });
                });
                var shrunk = word > cell ? Math.max(8, Math.floor(size * cell / word)) : size;
                var text = trace.text.map(function (row) {
                    return Array.isArray(row) ? row.map(function (t) {
                        var glued = glue(t);
                        if (textWidth(glued, shrunk, f.family) <= cell) {
                            return t;
                        }
                        var lines = wrap(glued, cell, shrunk, f.family);
                        rowLines = Math.max(rowLines, lineCount(lines));
                        rows = Math.max(rows, trace.text.length);
                        return lines;
                    }) : row;
                });
                var textfont = Object.assign({}, trace.textfont, { size: shrunk });
                return Object.assign({}, trace, { text: text, textfont: textfont });
            });
            plotHeight = Math.max(plotHeight, rows * (rowLines * LINE * rowSize + PAD));

            // 3. Numbers along the bottom kept upright (fewer ticks), so what lies below them stays where it was;
            // titles and notes wrapped to what is left; notes below the plot move down by the lines a title gained.
            keys.forEach(function (key) {
                var axis = out[key] || {};
                if (axes[key].letter !== "x" || axes[key].categories.length || typeof axis.tickangle === "number") {
                    return;
                }
                var size = num(axis.tickfont && axis.tickfont.size, f.size);
                var widest = textWidth(widestTick(key, axis, traces), size, f.family);
                out[key] = Object.assign({}, axis, {
                    nticks: Math.max(2, Math.floor(plotWidth / (widest + 3 * PAD))), tickangle: 0,
                });
            });
            keys.forEach(function (key) {
                var axis = out[key];
                var text = titleText(axis);
                if (!text) {
                    return;
                }
                var title = typeof axis.title === "object" ? axis.title : {};
                var size = num(title.font && title.font.size, Math.round(f.size * 1.2));
                // an x title stands centred under the plot and may reach into the margins, within the chart
                var room = axes[key].letter === "x"
                    ? 2 * Math.min(l, r) + plotWidth - 2 * PAD
                    : plotHeight;
                if (textWidth(text, size, f.family) > room) {
                    var wrapped = wrap(text, room - PAD, size, f.family);
                    out[key] = Object.assign(withTitle(axis, wrapped), { automargin: true });
                    if (axes[key].letter === "x") {
                        lower = (lineCount(wrapped) - lineCount(text)) * LINE * size;
                    }
                }
            });
        }
        if (out.annotations) {
            out.annotations = out.annotations.map(function (note) {
                if (!isNote(note)) {
                    return note;
                }
                var size = num(note.font && note.font.size, f.size);
                var text = wrap(String(note.text).split(BR).join(" "), width - 2 * PAD, size, f.family);
                var shift = note.yshift - lower;
                out.margin.b = Math.max(num(out.margin.b, 80), Math.ceil(-shift + lineCount(text) * LINE * size + PAD));
                // from the chart's left edge, not the plot's
                return Object.assign({}, note, { text: text, x: -(l - PAD) / plotWidth, yshift: shift });
            });
        }
        // Width and height both set: plotly's own resizing (which forgets the height) leaves the fitted chart
        // alone, and a change of width fits it again (below).
        out.width = width;
        if (colourBar) {
            out.margin.b = Math.max(num(out.margin.b, 80), b + lower) + colourBar;
        }
        out.height = Math.max(height, Math.ceil(top + plotHeight + Math.max(num(out.margin.b, 80), b + lower)));
        if (below) { // worked out again for the plot's width as fitted
            below = legendAt({ data: figure.data, layout: Object.assign({}, out, { meta: layout.meta }) }, width);
            traces = traces.map(function (trace, i) {
                return trace.name === below.data[i].name ? trace : Object.assign({}, trace, { name: below.data[i].name });
            });
            out.margin.b = num(out.margin.b, 80) + below.height;
            out.height += below.height;
        }
        return Object.assign({}, figure, { data: traces, layout: out });
    }

    function chartWidth(gd, figure) {
        var layout = (figure && figure.layout) || {};
        return num(layout.width, gd && gd.getBoundingClientRect ? gd.getBoundingClientRect().width : 0);
    }

    // Plotly.react(gd, figure) or Plotly.react(gd, data, layout, config): the figure as the server sent it
    // is kept on the graph, to be fitted again when the chart's width changes.
    function install(Plotly) {
        if (!Plotly || Plotly.__fitsWidth || typeof Plotly.react !== "function") {
            return;
        }
        // other assets that need plotly once it is there (assets/plotly_locale.js)
        (window.wijkwaardePlotlyReady || []).forEach(function (ready) { ready(Plotly); });
        var react = Plotly.react;
        Plotly.react = function (gd, first, layout, config) {
            var figure = Array.isArray(first) ? { data: first, layout: layout, config: config } : first;
            var node = typeof gd === "string" ? document.getElementById(gd) : gd;
            if (!node || !figure || !figure.layout || !Array.isArray(figure.data) || !fittable(figure)) {
                if (node) {
                    node.__sentFigure = null; // a map keeps its zoom and pan through a resize
                }
                return react.apply(this, arguments);
            }
            var width = chartWidth(node, figure);
            var fitted = fitWidth(figure, width);
            // plotly keeps the layout it is given and changes it (a resize forgets its height): a copy is kept
            node.__sentFigure = { data: figure.data, layout: JSON.parse(JSON.stringify(figure.layout)),
                                  frames: figure.frames, config: figure.config };
            node.__fittedWidth = width;
            node.__widths = (node.__widths || []).concat([[width, Date.now()]]).slice(-3);
            node.__fitted = fitted !== figure;
            if (watch && !node.__watched) {
                watch.observe(node);
                node.__watched = true;
            }
            return fitted === figure ? react.apply(this, arguments) : react.call(this, node, fitted);
        };
        Plotly.__fitsWidth = true;
        Plotly.__fitWidth = fitWidth;
    }

    if (window.Plotly) {
        install(window.Plotly);
    } else {
        var held;
        Object.defineProperty(window, "Plotly", {
            configurable: true,
            enumerable: true,
            get: function () { return held; },
            set: function (value) {
                held = value;
                install(value);
            },
        });
    }

    // A chart whose width changed by more than a few pixels is fitted again (a turned phone, a resized window,
    // a chart that was hidden when it was drawn).
    var pending = [];
    var watch = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
            var gd = entry.target;
            var width = chartWidth(gd, gd.__sentFigure || {});
            var change = Math.abs(width - gd.__fittedWidth);
            // back to the width it had before its last fitting, by a few pixels, within 2 s: a scroll bar that a
            // taller chart brings and a shorter one takes away; it stays as it is rather than flip between the two
            var seen = gd.__widths || [];
            var flip = change < 30 && seen.length > 1 && Math.abs(seen[seen.length - 2][0] - width) < 1 &&
                Date.now() - seen[seen.length - 1][1] < 2000;
            if (gd.__sentFigure && (gd.__fitted ? change >= 1 : change > 24) && !flip &&
                pending.indexOf(gd) < 0) {
                pending.push(gd);
            }
        });
        if (pending.length) {
            window.setTimeout(function () {
                pending.splice(0).forEach(function (gd) {
                    if (gd.isConnected && window.Plotly && gd.__sentFigure) {
                        window.Plotly.react(gd, gd.__sentFigure);
                    }
                });
            }, 150);
        }
    }) : null;
})();
