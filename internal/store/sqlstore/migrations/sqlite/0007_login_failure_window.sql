-- When the first failure a login profile's failed_attempts counts happened (NULL: none is):
-- RecordLoginFailure counts failures within a window from it, as RAM's MaxLoginAttemps counts
-- the wrong passwords within one hour. A count from before this migration has no start, so the
-- next failure starts a new count.
ALTER TABLE login_profiles ADD COLUMN failed_since INTEGER;
