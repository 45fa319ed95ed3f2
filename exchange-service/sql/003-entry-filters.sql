-- 003-entry-filters: the sharing and open filters of the entry list.
--
-- Alone, each filter keeps a tenth or more of the entries, and walking the
-- primary key in code order while filtering finds a page at once. Together
-- they can match (almost) nothing — a conditional entry is never closed to
-- the public in the demo data, say — and then that walk reads every entry.
-- This index answers a combination as one ordered range, and the
-- multivariate statistics tell the planner which combinations are rare
-- (the columns are correlated: not shared means closed).
CREATE INDEX entry_sharing_open_idx ON entry (sharing_type, open_attribute, code);
CREATE STATISTICS entry_sharing_open_stats (mcv) ON sharing_type, open_attribute FROM entry;
ANALYZE entry;
