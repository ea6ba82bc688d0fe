-- Staff may hide a single kept version of a post (one that leaked private
-- data the redactor did not catch, for example); hidden versions are shown
-- without their text.
ALTER TABLE revisions ADD COLUMN hidden BIGINT NOT NULL DEFAULT 0;
