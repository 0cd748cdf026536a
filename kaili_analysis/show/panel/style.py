"""The what-if panel's colours and style sheet (see :mod:`kaili_analysis.show.panel.whatif`).

The style travels inside the panel (a ``<style>`` element of its own), so the panel looks
the same in the HTML report and in JupyterLab; every rule is scoped to ``.kaili-whatif``.
No ``style`` attributes anywhere: the script draws its SVG with classes only. The panel
leaves the printed page (``@media print``) together with its line in the table of contents.
"""

from __future__ import annotations

__all__ = ["COLOURS", "TEXT_COLOURS", "css"]

#: The panel's colours. Text colours pass WCAG AA (4.5:1) on ``background`` and ``card``;
#: lines and control borders pass 3:1 (non-text contrast), see tests/test_whatif.py.
COLOURS: dict[str, str] = {
    "background": "#f4f6f8",
    "card": "#ffffff",
    "text": "#1f2933",
    "muted": "#4a5561",
    "border": "#7b8794",
    "grid": "#dde2e7",       # decorative: no contrast requirement
    "user": "#1c5fa8",
    "plan": "#5b6673",
    "history": "#94580a",
    "target": "#a3262d",
    "met": "#17663a",
    "not_met": "#a3262d",
    "button_text": "#ffffff",  # on "user"
}
#: The colours used for text (4.5:1 needed); the others, except "grid", draw lines or
#: borders (3:1).
TEXT_COLOURS: tuple[str, ...] = ("text", "muted", "met", "not_met", "user")

_CSS = """
.kaili-whatif { color: %(text)s; background: %(background)s; border: 1px solid %(border)s;
  border-radius: 6px; padding: 0.8rem 1rem; margin: 1rem 0; line-height: 1.45; }
.kaili-whatif .kaili-whatif__title { margin: 0 0 0.4rem; color: %(text)s; }
.kaili-whatif__intro { margin: 0 0 0.5rem; }
.kaili-whatif__needs-script { color: %(not_met)s; font-weight: 600; }
.kaili-whatif__legend { color: %(muted)s; font-size: 0.85rem; margin: 0 0 0.5rem;
  display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
.kaili-whatif__key::before { content: ""; display: inline-block; width: 1.8em; height: 0;
  margin-right: 0.35em; vertical-align: middle; border-top: 2.5px solid %(user)s; }
.kaili-whatif__key--plan::before { border-top: 2px dashed %(plan)s; }
.kaili-whatif__key--history::before { border-top: 2px dotted %(history)s; }
.kaili-whatif__key--target::before { width: 0.55em; height: 0.55em; border: 2.5px solid %(target)s;
  border-radius: 50%%; background: %(card)s; }
.kaili-whatif__goals { display: grid; gap: 0.8rem;
  grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }
.kaili-whatif__goal { background: %(card)s; border: 1px solid %(border)s; border-radius: 4px;
  padding: 0.6rem 0.7rem; min-width: 0; }
.kaili-whatif .kaili-whatif__name { font-size: 1rem; margin: 0 0 0.3rem; color: %(text)s; }
.kaili-whatif__about { color: %(muted)s; font-size: 0.85rem; margin: 0 0 0.4rem; }
.kaili-whatif__controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.7rem; }
.kaili-whatif__range { flex: 1 1 8rem; min-width: 8rem; accent-color: %(user)s; margin: 0; }
.kaili-whatif__rate { display: flex; align-items: center; gap: 0.35rem; font-size: 0.85rem; }
.kaili-whatif__number { width: 5.5rem; font: inherit; color: %(text)s; background: %(card)s;
  border: 1px solid %(border)s; border-radius: 3px; padding: 0.15rem 0.3rem; }
.kaili-whatif__number[aria-invalid="true"] { border: 2px solid %(not_met)s; }
.kaili-whatif input:focus-visible, .kaili-whatif button:focus-visible {
  outline: 3px solid %(user)s; outline-offset: 2px; }
.kaili-whatif__result { margin: 0.45rem 0 0.2rem; font-variant-numeric: tabular-nums; }
.kaili-whatif__result [data-part="value"] { display: block; font-weight: 600; }
.kaili-whatif__verdict--met { color: %(met)s; font-weight: 600; }
.kaili-whatif__verdict--not-met { color: %(not_met)s; font-weight: 600; }
.kaili-whatif__chart { display: block; width: 100%%; height: auto; max-height: 15rem; }
.kaili-whatif__grid { stroke: %(grid)s; stroke-width: 1; }
.kaili-whatif__tick { fill: %(muted)s; font-size: 11px; }
.kaili-whatif__line { fill: none; stroke-width: 2; stroke-linejoin: round; }
.kaili-whatif__line--user { stroke: %(user)s; stroke-width: 2.75; }
.kaili-whatif__line--plan { stroke: %(plan)s; stroke-dasharray: 6 4; }
.kaili-whatif__line--history { stroke: %(history)s; stroke-dasharray: 2 3; }
.kaili-whatif__target { fill: %(card)s; stroke: %(target)s; stroke-width: 2.5; }
.kaili-whatif__reset { font: inherit; color: %(button_text)s; background: %(user)s;
  border: 1px solid %(user)s; border-radius: 4px; padding: 0.3rem 0.9rem; cursor: pointer; }
.kaili-whatif__status { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; margin: 0; }
@media (max-width: 30rem) {
  .kaili-whatif { padding: 0.6rem; }
  .kaili-whatif__goals { grid-template-columns: 1fr; }
}
@media print {
  .kaili-whatif { display: none !important; }
  .kaili-toc li:has(> a[href="#%(toc_id)s"]) { display: none; }
}
"""


def css(toc_id: str) -> str:
    """The panel's style sheet; ``toc_id`` is the id of its heading (its table-of-contents
    line is hidden in print with the panel)."""
    return _CSS % {**COLOURS, "toc_id": toc_id}
