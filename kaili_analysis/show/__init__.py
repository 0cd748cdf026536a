"""Show layer, second part: what a page carries besides charts and tables.

Modules here turn library results into page content: escaping of outside text on its way into
HTML, the article report's marked-up text, the what-if panel and its inline script, the glossary.
They read the Data and Analysis layers and never the Render layer.
"""
