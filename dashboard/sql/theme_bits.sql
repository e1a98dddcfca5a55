-- Purpose: each theme's bit in f_initiative.theme_mask (bit n for sort_order n), as the theme_bits macro of
-- views.sql reads it: the reader turns a theme filter into its mask (DuckDBReader.theme_bits).
SELECT code, sort_order
FROM vocabulary
WHERE vocabulary = 'theme'
ORDER BY sort_order
