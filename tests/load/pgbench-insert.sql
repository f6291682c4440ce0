-- The committed pgbench baseline of DESIGN.md ("Quality bars"): one single-row insert per
-- transaction into a small table, run by `npm run bench:load` with
-- pgbench -n -M prepared -c 16 -j 2 -T 30 -f tests/load/pgbench-insert.sql on the benchmark database.
-- The table is created by the benchmark:
--   CREATE TABLE bench_pgbench (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
\set n random(1, 1000000000)
INSERT INTO bench_pgbench (payload) VALUES ('ballot ' || :n);
