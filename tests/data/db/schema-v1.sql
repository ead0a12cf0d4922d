-- A planner database as version 0.1 (schema 1) wrote it, with one run of
-- a two-task project: the migration test opens it with today's planner.
CREATE TABLE run (  id INTEGER PRIMARY KEY,  created TEXT NOT NULL,  project TEXT NOT NULL,  source TEXT NOT NULL,  status_date TEXT,  input_digest TEXT,  solver TEXT NOT NULL,  status TEXT NOT NULL,  makespan INTEGER NOT NULL,  lower_bound INTEGER NOT NULL,  start TEXT NOT NULL,  finish TEXT NOT NULL,  seconds REAL NOT NULL);
CREATE TABLE run_task (  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,  seq INTEGER NOT NULL,  task_id TEXT NOT NULL,  wbs TEXT NOT NULL,  name TEXT NOT NULL,  parent_id TEXT,  summary INTEGER NOT NULL,  milestone INTEGER NOT NULL,  start TEXT NOT NULL,  finish TEXT NOT NULL,  start_slot INTEGER NOT NULL,  finish_slot INTEGER NOT NULL,  total_float INTEGER NOT NULL,  free_float INTEGER NOT NULL,  critical INTEGER NOT NULL,  late INTEGER NOT NULL,  deadline TEXT,  PRIMARY KEY (run_id, task_id));
INSERT INTO run VALUES (1, '2026-11-01T09:00:00Z', 'Legacy', 'legacy.yaml',
  '2026-03-02', 'abc', 'sgs', 'feasible', 4, 4, '2026-03-02', '2026-03-05', 0.1);
INSERT INTO run_task VALUES (1, 0, 'a', '1', 'A', NULL, 0, 0, '2026-03-02',
  '2026-03-03', 0, 2, 0, 0, 1, 0, NULL);
INSERT INTO run_task VALUES (1, 1, 'b', '2', 'B', NULL, 0, 0, '2026-03-04',
  '2026-03-05', 2, 4, 0, 0, 1, 0, NULL);
PRAGMA user_version = 1;
