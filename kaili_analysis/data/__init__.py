"""Data layer: the article and the curated tables, read, validated and described.

Owns everything that turns files into trusted values:

* the loaders of the curated tables (:mod:`.loaders`);
* ``datapackage.json``, the one list of the data files (the article and its sha256 included),
  and the Table Schema checks against it (:mod:`.schema`);
* the checks of the tables against the article and each other (:mod:`.article_checks`);
* the one CSV reader (:mod:`.csvfile`) and user CSV files (:mod:`.usercsv`);
* the one check of a frame a caller passes (:mod:`.frames`);
* the data files and the version string of the data (:mod:`.version`);
* units and their base units (:mod:`.units`), numerals (:mod:`.numerals`), what a period and a
  qualifier mean (:mod:`.quantities`);
* the article's normalisation, quotes and numeric tokens (:mod:`.provenance`), where a quote
  stands in the raw article (:mod:`.locators`), read-only frame metadata (:mod:`.frozen`).

May import: :mod:`kaili_analysis.config`, :mod:`kaili_analysis.errors` and the package's
``__version__`` only. It computes no growth and writes no words: those are the Analysis and
Show layers above it.
"""
