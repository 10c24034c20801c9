-- Answer-side triage (as SQLite's V9): what defines a pattern's membership, a kind of question
-- ('question') or a trait of the answer ('answer.length', 'answer.refusal', ...).
ALTER TABLE patterns ADD COLUMN view text NOT NULL DEFAULT 'question';
