"""Words and numbers as text.

:mod:`.catalogue` reads the word catalogues, ``zh.toml`` and ``en.toml`` beside it: every
sentence, heading, table head and word of the package by key, with the one plural system.
:mod:`.formats` turns numbers into text: one formatter per kind of number.
:mod:`.findings` writes the sentences of analysis results (audit findings, goals,
implications, bases), which carry catalogue keys and their values.
"""
