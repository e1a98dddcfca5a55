/* Plotly's toolbar and number format in Dutch: the locale "nl" that dashboard/components/graph_config.py asks
   for. Registered as soon as plotly.js is there (it loads after the page's assets; assets/chart_width.js calls
   the queue when it arrives). */
(function () {
    "use strict";
    var NL = {
        moduleType: "locale",
        name: "nl",
        dictionary: {
            "Autoscale": "Automatisch schalen",
            "Box Select": "Rechthoek selecteren",
            "Compare data on hover": "Gegevens vergelijken bij aanwijzen",
            "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
            "Download plot": "Grafiek downloaden",
            "Download plot as a png": "Grafiek downloaden als png",
            "Lasso Select": "Lasso selecteren",
            "Pan": "Verschuiven",
            "Produced with Plotly.js": "Gemaakt met Plotly.js",
            "Reset": "Herstellen",
            "Reset axes": "Assen herstellen",
            "Reset view": "Beeld herstellen",
            "Reset views": "Beelden herstellen",
            "Show closest data on hover": "Dichtstbijzijnde gegevens tonen bij aanwijzen",
            "Toggle Spike Lines": "Hulplijnen aan of uit",
            "Toggle show closest data on hover": "Dichtstbijzijnde gegevens aan of uit",
            "Toggle attribution": "Bronvermelding tonen of verbergen",
            "Map": "Kaart",
            "Zoom": "Zoomen",
            "Zoom in": "Inzoomen",
            "Zoom out": "Uitzoomen",
        },
        format: {
            days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
            shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
            months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"],
            shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
            date: "%d-%m-%Y",
            decimal: ",",
            thousands: ".",
        },
    };
    function register(Plotly) {
        if (Plotly && typeof Plotly.register === "function" && !Plotly.__localeNl) {
            Plotly.register(NL);
            Plotly.__localeNl = true;
        }
    }
    window.wijkwaardePlotlyReady = window.wijkwaardePlotlyReady || [];
    window.wijkwaardePlotlyReady.push(register);
    if (window.Plotly) {
        register(window.Plotly);
    }
})();
