// Value formatters for dash-ag-grid (its function strings cannot call constructors, so these live here).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// '2024-03-01' -> '01-03-2024'; ISO in the data keeps sorting right.
dagfuncs.dutchDate = function (value) {
    return value ? String(value).split("-").reverse().join("-") : "";
};

dagfuncs.dutchEuro = function (value) {
    if (value === null || value === undefined) return "";
    return new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(value);
};

dagfuncs.dutchNumber = function (value) {
    if (value === null || value === undefined) return "";
    return new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(value);
};

// The English page: '2021-07-24' -> '24 Jul 2021', '€ 4,950', '1,234.5' (as dashboard/formatting.py writes English).
var MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

dagfuncs.englishDate = function (value) {
    if (!value) return "";
    var parts = String(value).split("-");
    return parts.length === 3 ? Number(parts[2]) + " " + MONTHS_EN[Number(parts[1]) - 1] + " " + parts[0] : String(value);
};

dagfuncs.englishEuro = function (value) {
    if (value === null || value === undefined) return "";
    return "€ " + new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 }).format(value);
};

dagfuncs.englishNumber = function (value) {
    if (value === null || value === undefined) return "";
    return new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }).format(value);
};
