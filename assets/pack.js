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
        // Presentation mode: one step through the deck the server built once (views/pack.deck). Runs in
        // the browser, so a step costs no request; the index store is read and written by this function
        // alone, so quick presses each move one slide.
        present: function (prevClicks, nextClicks, deck, state) {
            // The step is the change in clicks since the last run, not 'one per run': the renderer may
            // fold quick presses into one run, and every press must still count. Presses past the slides
            // built so far (the deck arrives a few seconds of work at a time) are kept, and shown when
            // those slides arrive.
            var seen = state && typeof state === "object" ? state : { i: 0, prev: 0, next: 0 };
            var n = (deck && deck.n) || 0;
            var total = Math.max(n, (deck && deck.total) || 0);
            var target = seen.i + ((nextClicks || 0) - seen.next) - ((prevClicks || 0) - seen.prev);
            target = total ? Math.max(0, Math.min(total - 1, target)) : 0;
            var kept = { i: target, prev: prevClicks || 0, next: nextClicks || 0 };
            var shown = Math.min(target, Math.max(n - 1, 0));
            // every slide built is drawn already: show the one asked for, hide the others
            var classes = [];
            for (var k = 0; k < n; k++) {
                classes.push(k === shown ? "present-item is-shown" : "present-item");
            }
            if (!n) {
                return ["", kept, true, true, classes];
            }
            var position = (deck.position || "{i} / {n}").replace("{i}", shown + 1).replace("{n}", total);
            return [position, kept, target === 0, target === total - 1, classes];
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
