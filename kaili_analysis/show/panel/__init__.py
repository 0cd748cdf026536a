"""The offline what-if panel: its data, its HTML and scoped style (:mod:`.whatif`,
:mod:`.style`); its script is ``show/scripts/whatif.js``."""
