-- placeholder, replaced by the capture schema
SELECT 1;
