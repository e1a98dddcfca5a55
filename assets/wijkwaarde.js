// Clientside helpers of Wijkwaarde (served from assets/, nothing from a CDN).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wijkwaarde: {
        // Write the validated query string to the address bar without a router event, so the page does
        // not re-render: the URL only seeds the layout, the controls drive the content.
        // `carry`: the filters of the page's link it does not use itself (shell.carry_for), kept in the address.
        writeUrl: function (query, carry) {
            if (query === undefined || query === null) {
                return window.dash_clientside.no_update;
            }
            if (typeof carry === "string" && carry.charAt(0) === "?") {
                var own = new URLSearchParams(query);
                new URLSearchParams(carry).forEach(function (value, key) {
                    if (!own.has(key) && key !== "lang") {
                        own.append(key, value);
                    }
                });
                var merged = own.toString().replace(/%2C/g, ",");
                query = merged ? "?" + merged : "";
            }
            var url = window.location.pathname + query;
            if (url !== window.location.pathname + window.location.search) {
                window.history.replaceState(window.history.state, "", url);
            }
            return query;
        },
        // <html lang> follows the page's language (for screen readers and hyphenation).
        setLang: function (lang) {
            document.documentElement.lang = lang === "en" ? "en" : "nl";
            return window.dash_clientside.no_update;
        },
    },
});

// The overview map's still picture (dashboard/map_preview.py) goes as soon as the map itself shows its
// colours (MapLibre has drawn the fill layers), or the graph holds a figure without a map (no data).
(function () {
    function drawn(graph) {
        var layout = graph && graph._fullLayout;
        if (!layout) {
            return false;
        }
        var subplot = layout.map && layout.map._subplot;
        if (!subplot) {
            var annotations = (graph.layout && graph.layout.annotations) || [];
            return (graph.data || []).length > 0 || annotations.length > 0;
        }
        var map = subplot.map;
        return !!map && map.loaded() && map.getStyle().layers.some(function (layer) {
            return layer.id.slice(-5) === "-fill";
        });
    }
    window.setInterval(function () {
        var pictures = document.querySelectorAll(".map-preview:not([hidden])");
        for (var i = 0; i < pictures.length; i++) {
            var graph = pictures[i].parentElement.querySelector(".js-plotly-plot");
            if (drawn(graph)) {
                pictures[i].hidden = true;
            }
        }
    }, 100);
})();
