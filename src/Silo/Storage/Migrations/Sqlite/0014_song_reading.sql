-- A song's reading (otoge-db's title_kana, katakana), so the admin's song search finds a kanji title by how it is read.
ALTER TABLE songs ADD COLUMN title_kana TEXT NULL;
