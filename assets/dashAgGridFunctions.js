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
