// Accessibility fixes for Dash 4's dropdown (served from assets/, loaded on every page).
// The dropdown puts a hidden, aria-hidden <input tabindex=0> before its button as a Tab target that
// hands focus on to the button (a Safari workaround). An aria-hidden element must not be focusable
// (WCAG 4.1.2, axe 'aria-hidden-focus'), so: the input leaves the Tab order and the labelled button
// itself takes it. Dash resets the input's tabindex on blur, so an observer keeps it at -1.
(function () {
    function fix(root) {
        root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
            if (input.getAttribute("tabindex") !== "-1") {
                input.setAttribute("tabindex", "-1");
            }
            var button = input.nextElementSibling;
            if (button && button.tagName === "BUTTON" && !button.disabled && button.getAttribute("tabindex") !== "0") {
                button.setAttribute("tabindex", "0");
            }
        });
    }
    var observer = new MutationObserver(function () { fix(document); });
    function start() {
        fix(document);
        observer.observe(document.body, {
            subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex"],
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
