"""Display tables: library frames as localised strings, their HTML, the glossary."""
