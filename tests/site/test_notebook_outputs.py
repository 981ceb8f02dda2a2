"""Las salidas de un notebook publicado como página no pueden ejecutar nada en el sitio: se planta un
notebook con scripts en cada tipo de salida, se genera su página y se convierte a HTML con la misma
configuración de Markdown que el sitio."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import nbformat
from mkdocs.config import load_config

from tools.page_notebooks import notebook_page

PAYLOAD = "<script>window.planted = 1</script>"


class ActiveContent(HTMLParser):
    """Etiquetas y atributos que ejecutarían código en el navegador."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed"}:
            self.found.append(tag)
        self.found += [f"{tag}[{name}]" for name, value in attrs
                       if name.startswith("on") or (value or "").strip().lower().startswith("javascript:")]


def planted_notebook(path):
    nb = nbformat.v4.new_notebook(metadata={"manual_ml": {"description": "Salidas plantadas"}})
    cell = nbformat.v4.new_code_cell("mostrar()")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": PAYLOAD, "text/plain": "<IPython.HTML>"}),
        nbformat.v4.new_output("display_data", data={"text/markdown": f"**hola** {PAYLOAD}"}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": '<svg onload="window.planted=1"/>'}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "window.planted = 1"}),
        nbformat.v4.new_output("stream", name="stdout", text=f"```\n{PAYLOAD}\n```\n<img src=x onerror=alert(1)>\n"),
        nbformat.v4.new_output("execute_result", execution_count=1,
                               data={"text/plain": f"'{PAYLOAD}'"}),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Salidas plantadas"), cell]
    nbformat.write(nb, path)
    return path


def test_script_outputs_are_published_inert(tmp_path):
    text, images = notebook_page(planted_notebook(tmp_path / "plantado.ipynb"))
    config = load_config("mkdocs.yml")
    html = markdown.Markdown(extensions=config["markdown_extensions"],
                             extension_configs=config["mdx_configs"]).convert(text.split("---", 2)[2])
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == [], html
    assert images == {}
    assert html.count("&lt;script&gt;window.planted = 1&lt;/script&gt;") == 2  # el texto, visible y escapado
    assert "window.planted=1" not in html and "application/javascript" not in html
