// Council pack (basket) and presentation mode: clientside parts. Nothing is loaded from a CDN.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wijkwaarde_pack: {
        // A chart's "+ Raadspakket" button: remember the view's permalink and which chart of it.
        add: function (clicks, basket) {
            var ctx = window.dash_clientside.callback_context;
            var id = ctx && ctx.triggered_id;
            if (!id || !clicks || !clicks.some(function (n) { return n > 0; })) {
                return window.dash_clientside.no_update;
            }
            var items = Array.isArray(basket) ? basket.slice() : [];
            var url = window.location.pathname + window.location.search;
            var duplicate = items.some(function (it) { return it.url === url && it.item === id.item; });
            if (!duplicate) {
                items.push({ url: url, item: id.item });
            }
            var status = document.getElementById("pack-added-msg");
            if (status) {
                var en = document.documentElement.lang === "en";
                status.textContent = (en ? "Added to the council pack" : "Toegevoegd aan het raadspakket") +
                    " (" + items.length + ")";
            }
            return items;
        },
        // "Kopieer link": the address bar holds the whole state of the view.
        copyLink: function (clicks) {
            if (!clicks) {
                return window.dash_clientside.no_update;
            }
            var href = window.location.href;
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(href);
            } else {
                var area = document.createElement("textarea");
                area.value = href;
                document.body.appendChild(area);
                area.select();
                document.execCommand("copy");
                document.body.removeChild(area);
            }
            return href;
        },
        // Presentation mode: the browser's full screen on the slide area.
        fullscreen: function (clicks) {
            var el = document.getElementById("present-stage");
            if (clicks && el && el.requestFullscreen) {
                el.requestFullscreen();
            }
            return window.dash_clientside.no_update;
        },
    },
});

// Arrow keys move through the presentation (the buttons stay the keyboard and mouse way too).
document.addEventListener("keydown", function (event) {
    if (!document.getElementById("present-stage")) {
        return;
    }
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
        return;
    }
    var target = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
        target = document.getElementById("present-next");
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
        target = document.getElementById("present-prev");
    }
    if (target && !target.disabled) {
        event.preventDefault();
        target.click();
    }
});
