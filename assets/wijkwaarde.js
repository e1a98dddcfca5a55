// Clientside helpers of Wijkwaarde (served from assets/, nothing from a CDN).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wijkwaarde: {
        // Write the validated query string to the address bar without a router event, so the page does
        // not re-render: the URL only seeds the layout, the controls drive the content.
        writeUrl: function (query) {
            if (query === undefined || query === null) {
                return window.dash_clientside.no_update;
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
