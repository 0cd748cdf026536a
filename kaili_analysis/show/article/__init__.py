"""The article view: the raw article as tokens marked with their records (:mod:`.view`) and
as linked HTML (:mod:`.html`)."""
