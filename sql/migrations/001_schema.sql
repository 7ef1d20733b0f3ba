-- 001_schema.sql: the seven input tables, the ingest log, the quarantine and
-- the run ledger. Applied by `flipside db init` inside one transaction, in
-- the schema "flipside" (created by db init before the migrations run).
--
-- References between the input tables (a participant's person, a session's
-- pair, ...) are checked by `flipside ingest` before it loads a row and are
-- not declared as foreign keys: re-ingest replaces rows in place, and checking
-- per row in triggers would make loading several times slower. For the same
-- reason the input tables carry no unique index on their keys (given in a
-- comment under each): ingest keeps one row per key itself, under a table
-- lock, set-wise (see sql/ingest/), and a multi-column text index would make
-- loading the large tables about three times slower. Each row keeps the
-- line of its file, which is how ingest withdraws a row that a later line
-- of the same file replaced.

CREATE TABLE people (
    person_ref   text NOT NULL,
    org          text,
    department   text,
    grade        text,
    gender       text,
    ethnicity    text,
    age_band     text,
    network      text,
    hired_on     date NOT NULL,
    left_on      date,
    leave_reason text CHECK (leave_reason IN ('voluntary', 'involuntary', 'retirement', 'other')),
    CHECK (left_on IS NULL OR left_on >= hired_on),
    line         bigint   -- the line of the file the row came from
    -- key: person_ref
);

CREATE TABLE cohorts (
    programme text NOT NULL,
    cohort    text NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('pilot', 'full')),
    starts_on date NOT NULL,
    ends_on   date,
    name      text,
    line         bigint   -- the line of the file the row came from
    -- key: programme, cohort
);

CREATE TABLE items (
    item      text NOT NULL,
    construct text NOT NULL CHECK (construct IN ('confidence', 'satisfaction', 'nps', 'other')),
    scale_min double precision NOT NULL,
    scale_max double precision NOT NULL,
    reverse   boolean NOT NULL DEFAULT false,
    text      text,
    CHECK (scale_min < scale_max),
    line         bigint   -- the line of the file the row came from
    -- key: item
);

CREATE TABLE participants (
    programme   text NOT NULL,
    cohort      text NOT NULL,
    person_ref  text NOT NULL,
    role        text NOT NULL CHECK (role IN ('mentor', 'mentee')),
    enrolled_on date NOT NULL,
    withdrew_on date,
    line         bigint   -- the line of the file the row came from
    -- key: programme, cohort, person_ref
);

CREATE TABLE pairs (
    programme  text NOT NULL,
    cohort     text NOT NULL,
    mentor_ref text NOT NULL,
    mentee_ref text NOT NULL,
    matched_on date NOT NULL,
    ended_on   date,
    line         bigint   -- the line of the file the row came from
    -- key: programme, cohort, mentor_ref, mentee_ref
);

-- held_at is the full timestamp (UTC; a date alone is midnight), held_on its
-- date part as written, which is what periods compare with (SPEC rule 7).
CREATE TABLE sessions (
    programme    text NOT NULL,
    cohort       text NOT NULL,
    mentor_ref   text NOT NULL,
    mentee_ref   text NOT NULL,
    held_at      timestamptz NOT NULL,
    held_on      date NOT NULL,
    duration_min double precision CHECK (duration_min >= 0),
    status       text NOT NULL CHECK (status IN ('held', 'cancelled', 'no_show')),
    channel      text CHECK (channel IN ('in_person', 'video', 'phone', 'chat', 'other')),
    topics       text,
    line         bigint   -- the line of the file the row came from
    -- key: programme, cohort, mentor_ref, mentee_ref, held_at, status, channel
);

CREATE TABLE responses (
    programme    text NOT NULL,
    cohort       text NOT NULL,
    wave         text NOT NULL CHECK (wave IN ('baseline', 'midpoint', 'exit', 'followup')),
    person_ref   text NOT NULL,
    item         text NOT NULL,
    submitted_at timestamptz NOT NULL,
    submitted_on date NOT NULL,
    value        double precision NOT NULL,
    line         bigint   -- the line of the file the row came from
    -- key: programme, cohort, wave, person_ref, item
);

-- One row per file given to `flipside ingest`.
CREATE TABLE ingests (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL,
    file        text NOT NULL,
    strict      boolean NOT NULL DEFAULT false,
    rows        bigint,
    loaded      bigint,
    quarantined bigint,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

-- Every row an ingest did not load, with where it was and why.
CREATE TABLE quarantine (
    id        bigserial PRIMARY KEY,
    ingest_id bigint NOT NULL REFERENCES ingests (id),
    kind      text NOT NULL,
    file      text NOT NULL,
    line      bigint NOT NULL,
    raw       text NOT NULL,
    reason    text NOT NULL
);
CREATE INDEX quarantine_kind ON quarantine (kind);

-- The run ledger: every `flipside run`, good, failed or refused.
CREATE TABLE runs (
    id           bigserial PRIMARY KEY,
    programme    text,
    period       text,
    org          text,
    report       text,
    as_of        date,
    status       text NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'refused')),
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    out_dir      text,
    version      text,
    stages       jsonb NOT NULL DEFAULT '[]',
    row_counts   jsonb,
    error        text
);
