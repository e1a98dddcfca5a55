-- Purpose: the warehouse tables. Every fact row carries the load batch it came from.
-- Keys are enforced by the loader's validation (not by indexes), so superseding a batch
-- (delete then insert in one transaction) stays cheap at national scale.

CREATE TABLE IF NOT EXISTS load_batch (
    batch_id      INTEGER NOT NULL,
    load_id       INTEGER NOT NULL,      -- one `wijkwaarde load` command
    entity        VARCHAR,               -- template entity (gebieden, initiatieven, ...)
    source_name   VARCHAR NOT NULL,      -- file name: what a later version supersedes
    file_path     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    file_format   VARCHAR,               -- csv, xlsx, geojson
    encoding      VARCHAR,               -- detected: utf-8, utf-8-sig, windows-1252
    delimiter     VARCHAR,
    decimal_style VARCHAR,               -- komma (1.234,5) or punt (1234.5)
    sheet         VARCHAR,
    rows_in       BIGINT NOT NULL,
    rows_loaded   BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    status        VARCHAR NOT NULL,      -- gepubliceerd, afgewezen, vervangen
    message       VARCHAR,
    superseded_by INTEGER,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    loaded_by     VARCHAR                -- who loaded it: 'cli:<user>' or the uploader's subject (upload page)
);
-- warehouses published before loaded_by existed get it (NULL for their batches)
ALTER TABLE load_batch ADD COLUMN IF NOT EXISTS loaded_by VARCHAR;
-- the user's own file a generated template was made from (cbs kerncijfers / boundaries: kwb-2024.csv for
-- gebiedscijfers-cbs-2024-kwb-GM0344.csv): what a figure's source line names; NULL for a file loaded as it is
ALTER TABLE load_batch ADD COLUMN IF NOT EXISTS origin VARCHAR;

CREATE TABLE IF NOT EXISTS rejected_row (
    batch_id    INTEGER NOT NULL,
    file_name   VARCHAR NOT NULL,
    sheet       VARCHAR,
    line        BIGINT,                  -- NULL when the whole file is refused
    column_name VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS area (
    code          VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    level         VARCHAR NOT NULL,      -- gemeente, wijk, buurt
    parent_code   VARCHAR,
    boundary_year INTEGER NOT NULL,
    area_ha       DOUBLE,
    is_fictional  BOOLEAN NOT NULL DEFAULT false,
    geometry      VARCHAR,               -- GeoJSON geometry, WGS84, simplified for display
    batch_id      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS area_stat (
    area_code VARCHAR NOT NULL,
    year      INTEGER NOT NULL,
    stat_code VARCHAR NOT NULL,
    value     DOUBLE,                    -- NULL = missing or secret at the source, never 0
    source    VARCHAR,
    batch_id  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS organisation (
    code       VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    coc_number VARCHAR,
    place      VARCHAR,
    batch_id   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS initiative (
    code              VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    organisation_code VARCHAR,
    form              VARCHAR NOT NULL,
    start_date        DATE NOT NULL,
    end_date          DATE,
    status            VARCHAR NOT NULL,
    description       VARCHAR,
    batch_id          INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS initiative_theme (
    initiative_code VARCHAR NOT NULL,
    theme_code      VARCHAR NOT NULL,
    batch_id        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS initiative_buurt (
    initiative_code VARCHAR NOT NULL,
    buurt_code      VARCHAR NOT NULL,
    is_primary      BOOLEAN NOT NULL,
    batch_id        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS initiative_sdg (
    initiative_code VARCHAR NOT NULL,
    sdg             INTEGER NOT NULL,
    batch_id        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS funder (
    code        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    funder_type VARCHAR NOT NULL,
    batch_id    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS grant_award (
    code            VARCHAR NOT NULL,
    funder_code     VARCHAR NOT NULL,
    initiative_code VARCHAR NOT NULL,
    amount          DECIMAL(14, 2) NOT NULL,
    start_date      DATE NOT NULL,
    end_date        DATE,
    description     VARCHAR,
    batch_id        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator (
    code          VARCHAR NOT NULL,
    name_nl       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,
    direction     VARCHAR NOT NULL,
    toc_level     VARCHAR NOT NULL,
    aggregation   VARCHAR NOT NULL,
    counts_people BOOLEAN NOT NULL DEFAULT false,
    theme_code    VARCHAR,
    minimum       DOUBLE,
    maximum       DOUBLE,
    iris_code     VARCHAR,
    sdg_target    VARCHAR,
    batch_id      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS observation (
    initiative_code VARCHAR NOT NULL,
    indicator_code  VARCHAR NOT NULL,
    buurt_code      VARCHAR,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    value           DOUBLE NOT NULL,
    target          DOUBLE,
    batch_id        INTEGER NOT NULL
);

-- Vocabularies, refreshed from etl/taxonomy.py on every load.
CREATE TABLE IF NOT EXISTS vocabulary (
    vocabulary VARCHAR NOT NULL,         -- theme, form, status, funder_type, toc_level, ...
    code       VARCHAR NOT NULL,
    label_nl   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS stat_def (
    code     VARCHAR NOT NULL,
    name_nl  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,
    unit     VARCHAR NOT NULL,
    is_count BOOLEAN NOT NULL
);

-- Value proxies: euro per unit of an effect indicator, and the stakeholder who gains it (low-high range).
CREATE TABLE IF NOT EXISTS value_proxy (
    code           VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    stakeholder    VARCHAR NOT NULL,     -- etl/taxonomy.py STAKEHOLDERS
    value_low      DOUBLE NOT NULL,      -- euro per unit of the indicator
    value_high     DOUBLE NOT NULL,
    source         VARCHAR NOT NULL,
    year           INTEGER NOT NULL,     -- price year
    is_example     BOOLEAN NOT NULL DEFAULT false,
    note           VARCHAR,
    batch_id       INTEGER NOT NULL
);

-- Grants from external registers (a municipal subsidy register, 360Giving files). The recipient need
-- not be a known initiative, and the geography stays as the register gives it (never spread over buurten).
CREATE TABLE IF NOT EXISTS register_grant (
    code                  VARCHAR NOT NULL,  -- the register's grant id, or <file>-<line> when it has none
    register              VARCHAR NOT NULL,  -- source register: amsterdam-subsidieregister, 360giving
    funder_code           VARCHAR NOT NULL,
    funder_unit           VARCHAR,           -- stadsdeel, department or fund that granted it, as given
    recipient_name        VARCHAR,           -- NULL for private persons
    recipient_id          VARCHAR,
    recipient_type        VARCHAR,           -- organisatie | particulier
    is_private            BOOLEAN NOT NULL,  -- a private person: only ever shown aggregated
    initiative_code       VARCHAR,           -- set when the recipient is a known initiative
    title                 VARCHAR,
    description           VARCHAR,
    scheme                VARCHAR,           -- subsidieregeling / grant programme
    theme_label           VARCHAR,           -- the register's own theme, as given
    status                VARCHAR NOT NULL,  -- toegekend | geweigerd
    amount                DECIMAL(14, 2),    -- awarded; NULL when refused (never a 0 grant)
    amount_requested      DECIMAL(14, 2),
    amount_text           VARCHAR,           -- the awarded amount as written in the file
    amount_requested_text VARCHAR,
    currency              VARCHAR NOT NULL,  -- ISO 4217 (EUR, GBP)
    award_date            DATE,
    award_date_text       VARCHAR,
    award_date_precision  VARCHAR,           -- dag | maand | jaar
    year                  INTEGER NOT NULL,
    start_date            DATE,
    end_date              DATE,
    duration_months       DOUBLE,
    periodicity           VARCHAR,
    text_repaired         VARCHAR,           -- fields with repaired mojibake (originals in register_text_repair)
    extra_json            VARCHAR,           -- non-standard fields of the source, kept as given
    line                  BIGINT,            -- line in the source file where the record starts
    batch_id              INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS register_grant_location (
    grant_code    VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    level         VARCHAR,                   -- stadsdeel, gemeente, wijk, buurt, LSOA, ... as given
    label         VARCHAR,                   -- the register's own name (stadsdeel Oost, Oxford 008B)
    geo_code      VARCHAR,                   -- as given; CBS codes (GM/WK/BU) map to areas in the views
    geo_code_type VARCHAR,
    country_code  VARCHAR,
    batch_id      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS register_text_repair (
    batch_id   INTEGER NOT NULL,
    grant_code VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    original   VARCHAR NOT NULL,
    repaired   VARCHAR NOT NULL
);

-- Which version of each fact table's SQL (etl/sql/facts/<name>.sql, a hash) built it: a load rebuilds
-- the fact tables an older version built (etl/warehouse.prepare_schema).
CREATE TABLE IF NOT EXISTS fact_build (
    name     VARCHAR PRIMARY KEY,
    sql_hash VARCHAR NOT NULL
);
