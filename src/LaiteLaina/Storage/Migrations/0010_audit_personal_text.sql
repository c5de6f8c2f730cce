-- Free text that may tell of a person (a loan's return or loss notes, a booking's purpose) is kept in the audit log
-- only as "changed" from now on (PersonalTextAttribute), since no erasure can reach a row there. The rows written
-- before are rewritten the same way, once, by the engine-specific scripts: JSON is read differently by each engine.
SELECT 1;
