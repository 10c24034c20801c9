-- Answer-side triage (issue 18): what defines a pattern's membership, a kind of question
-- ('question') or a trait of the answer ('answer.length', 'answer.refusal', ...).
ALTER TABLE patterns ADD COLUMN view TEXT NOT NULL DEFAULT 'question';
