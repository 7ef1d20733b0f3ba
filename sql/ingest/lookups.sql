-- What ingest checks references against, one query a section.
-- @people
SELECT person_ref FROM flipside.people;
-- @cohorts
SELECT programme, cohort, starts_on - DATE '1970-01-01' FROM flipside.cohorts;
-- @items
SELECT item, construct, scale_min, scale_max FROM flipside.items;
-- @pairs
SELECT programme, cohort, mentor_ref, mentee_ref, matched_on - DATE '1970-01-01' FROM flipside.pairs;
