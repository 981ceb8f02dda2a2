"""Los bloques de cada página, en el orden en que se leen, y el notebook «Abrir como notebook» de cada una.

Cada bloque de código de una página es de una de tres clases, y los atributos de su fence lo dicen:

- **celda** (``python`` sin título): se ejecuta después de los bloques anteriores de la página;
- **archivo** (cualquier lenguaje con ``title="nombre"``): el lector lo guarda con ese nombre; en el
  notebook es una celda ``%%writefile`` (``-a`` si la página muestra el mismo archivo en varias partes);
- **solo en AWS o EMR** (clase ``.solo-aws`` o ``.solo-emr``): la página lo etiqueta y el ejecutor de
  páginas lo omite con ese motivo. Es la excepción: ``SOLO_BLOCKS`` los enumera.

Los diagramas y salidas de ejemplo (``mermaid``, ``text``, ``markdown``) no son código: van al texto.
Un diagrama de la página (el SVG de ``tools/diagrams.py`` dentro de ``<figure class="diagrama">``) llega
al notebook como su fuente de Mermaid, en un bloque ``mermaid`` que JupyterLab dibuja.

``python -m tools.page_notebooks`` escribe los notebooks en ``docs/assets/notebooks/``;
``--check`` falla si alguno no coincide con su página (lo usan las pruebas).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = DOCS / "assets" / "notebooks"
DISPLAY_LANGUAGES = {"mermaid", "text", "markdown"}
DIAGRAM = re.compile(r'^<figure class="diagrama">\n--8<-- "(?P<svg>[^"]+)\.svg"\n</figure>$', re.M)
SOLO = {"solo-aws": "Solo en AWS", "solo-emr": "Solo en EMR"}
# Los bloques que necesitan una cuenta de AWS o un clúster de EMR reales (página, primera línea).
# Lista corta a propósito: todo lo demás se ejecuta en las pruebas.
SOLO_BLOCKS: dict[str, str] = {
    # moto 5.2 no admite el destino AmazonopensearchserviceDestinationConfiguration de Firehose.
    "conceptos/streaming-analitica.md: create_opensearch_delivery_stream(\"clics-web-opensearch\", destination)":
        "solo-aws",
    # %%configure es una magia del kernel PySpark de EMR (SparkMagic sobre Livy): reinicia la sesión con Hudi.
    "conceptos/hudi.md: %%configure -f": "solo-emr",
    # Escribir con format("hudi") necesita el bundle de Hudi que trae EMR.
    "conceptos/hudi.md: from pyspark.sql import functions as F": "solo-emr",
    # Lee en S3 la tabla que escribió el bloque anterior.
    'conceptos/hudi.md: table_path = "s3://equipo-ml-lago/hudi/viajes/"': "solo-aws",
    # sc.install_pypi_package y compañía solo existen en el SparkContext de EMR.
    # update_domain: moto no implementa los dominios de Studio que se actualizan.
    'notebooks/instancias.md: sagemaker = boto3.client("sagemaker", config=AWS_CONFIG)': "solo-aws",
    "notebooks/librerias-emr.md: sc.list_packages()                                   # lo que ya hay en el clúster": "solo-emr",
}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})\s*(?P<info>.*)$")
ATTRIBUTE = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"|(?P<cls>\.[\w-]+)|(?P<word>[\w-]+)')
ADMONITION = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+(?P<type>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
TAB = re.compile(r'^(?P<indent>\s*)===\+?\s+"(?P<title>[^"]*)"\s*$')
# «kernel:» en la cabecera de la página: el kernel con que el lector abre su notebook.
PYSPARK_KERNEL = {"name": "pysparkkernel", "display_name": "PySpark", "language": "python"}
KERNELS = {
    "python": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "pyspark": PYSPARK_KERNEL,  # EMR: spark y sc ya definidos
    "sparkmagic": PYSPARK_KERNEL,  # el kernel PySpark de SparkMagic, desde un notebook fuera de EMR
}


class BlockError(ValueError):
    """Un bloque que no es de ninguna de las tres clases."""


@dataclass
class Block:
    """Un bloque de código de una página."""

    language: str
    kind: str  # "cell", "file", "solo-aws", "solo-emr" o "display"
    code: str
    title: str = ""
    info: str = ""
    classes: list[str] = field(default_factory=list)

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.code.splitlines() if line.strip()), "")


def parse_info(info: str) -> tuple[str, list[str], dict[str, str]]:
    """``{.python .solo-emr title="x.py"}`` o ``python`` -> lenguaje, clases y atributos."""
    info = info.strip()
    if not info.startswith("{"):
        language, _, rest = info.partition(" ")
        if rest.strip():
            raise BlockError(f"atributos sin llaves en {info!r}: use {{.{language} ...}}")
        return language, [], {}
    classes, attrs = [], {}
    for match in ATTRIBUTE.finditer(info.strip("{} ")):
        if match["key"]:
            attrs[match["key"]] = match["value"]
        elif match["cls"]:
            classes.append(match["cls"][1:])
        else:
            attrs[match["word"]] = ""
    language = classes.pop(0) if classes else ""
    return language, classes, attrs


def classify(language: str, classes: list[str], attrs: dict[str, str]) -> str:
    if "notest" in attrs:
        raise BlockError("«notest» ya no existe: un bloque es celda, archivo (title=) o .solo-aws/.solo-emr")
    solo = [cls for cls in classes if cls in SOLO]
    if len(solo) > 1 or (solo and "title" in attrs):
        raise BlockError("un bloque es de una sola clase: celda, archivo o solo en AWS/EMR")
    if language in DISPLAY_LANGUAGES:
        if solo or "title" in attrs:
            raise BlockError(f"un bloque {language} es un ejemplo para leer: sin título ni etiqueta")
        return "display"
    if solo:
        return solo[0]
    if "title" in attrs:
        title = attrs["title"]
        if not title or " " in title or title.endswith("/") or title.startswith("/"):
            raise BlockError(f"el título de un bloque archivo es el nombre con que se guarda: {title!r}")
        return "file"
    if language == "python":
        return "cell"
    raise BlockError(f"un bloque {language!r} sin título no es una celda: dele el nombre de su archivo (title=)")


def _snippets_preprocessor():
    """El mismo preprocesador que usa el sitio (pymdownx.snippets, configurado en mkdocs.yml)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkdocsLoader)
    options = next(
        ext["pymdownx.snippets"] for ext in config["markdown_extensions"]
        if isinstance(ext, dict) and "pymdownx.snippets" in ext
    )
    options = {**options, "base_path": [str(ROOT / path) for path in options["base_path"]]}
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return md.preprocessors["snippet"]


class _MkdocsLoader(yaml.SafeLoader):
    """Lee mkdocs.yml sin resolver sus etiquetas de Python (!ENV, !!python/name)."""


_MkdocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_MkdocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def split_front_matter(text: str) -> tuple[dict, str]:
    """La cabecera YAML y el cuerpo; el cuerpo conserva una línea en blanco por cada línea de la cabecera
    para que los números de línea de los errores sean los del archivo."""
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        return yaml.safe_load(head) or {}, "\n" * (head.count("\n") + 2) + body
    return {}, text


def read_page(md_path: Path) -> tuple[dict, list[str | Block]]:
    """La página como una lista de trozos de texto (Markdown) y bloques, en orden de lectura."""
    meta, body = split_front_matter(md_path.read_text(encoding="utf-8"))
    body = DIAGRAM.sub(lambda m: f"```mermaid\n{(ROOT / m['svg']).with_suffix('.mmd').read_text(encoding='utf-8')}```", body)
    lines = _snippets_preprocessor().run(body.splitlines())
    parts: list[str | Block] = []
    prose: list[str] = []
    inside = ""  # sangría del aviso o pestaña que contenía el último bloque: su texto sigue sin ella
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            line = lines[index]
            if inside and line.strip() and not line.startswith(inside):
                inside = ""
            prose.append(line[len(inside):] if inside and line.startswith(inside) else line)
            index += 1
            continue
        indent, ticks = match["indent"], match["ticks"]
        end = index + 1
        while end < len(lines) and lines[end].strip() != ticks:
            end += 1
        content = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[index + 1:end]]
        try:
            language, classes, attrs = parse_info(match["info"])
            kind = classify(language, classes, attrs)
        except BlockError as err:
            raise BlockError(f"{md_path.relative_to(ROOT)}, línea {index + 1}: {err}") from None
        code = "\n".join(content).rstrip("\n")
        inside = indent
        if kind == "display":
            prose.extend([f"{indent}{ticks}{language}", *(indent + line for line in content), f"{indent}{ticks}"])
        else:
            if prose:
                parts.append("\n".join(prose))
                prose = []
            parts.append(Block(language, kind, code, attrs.get("title", ""), match["info"].strip(), classes))
        index = end + 1
    if prose:
        parts.append("\n".join(prose))
    return meta, parts


def blocks(md_path: Path) -> list[Block]:
    return [part for part in read_page(md_path)[1] if isinstance(part, Block)]


def notebook_path(md_path: Path) -> Path:
    """docs/notebooks/boto3-s3.md -> docs/assets/notebooks/notebooks-boto3-s3.ipynb"""
    stem = "-".join(md_path.relative_to(DOCS).with_suffix("").parts)
    return NOTEBOOKS / f"{stem}.ipynb"


def notebook_link(md_path: Path) -> str:
    """El botón que cada página con código lleva bajo su título."""
    target = Path(*[".."] * (len(md_path.relative_to(DOCS).parts) - 1), *notebook_path(md_path).relative_to(DOCS).parts)
    return (
        f"[:material-download: Abrir como notebook]({target.as_posix()})"
        f'{{ .md-button download="{notebook_path(md_path).name}" }}'
    )


def markdown_for_jupyter(text: str, link: str) -> str:
    """Texto de Material a Markdown que Jupyter muestra: avisos como citas, pestañas como títulos con su
    contenido sin sangría, y enlaces relativos del sitio como texto (en un notebook descargado no
    llevarían a ninguna parte)."""
    out: list[str] = []
    quote_indent: int | None = None  # dentro de un aviso: sus líneas van como cita
    tab_indent: int | None = None  # dentro de una pestaña: sus líneas van sin la sangría
    for line in text.splitlines():
        if line.strip() == link:
            continue
        indent = len(line) - len(line.lstrip())
        if quote_indent is not None:
            if line.strip() and indent < quote_indent:
                quote_indent = None
            else:
                out.append("> " + line[quote_indent:] if line.strip() else ">")
                continue
        if tab_indent is not None:
            if line.strip() and indent < tab_indent:
                tab_indent = None
            else:
                line = line[tab_indent:]
        admonition = ADMONITION.match(line)
        tab = TAB.match(line)
        if admonition:
            title = admonition["title"] or admonition["type"].capitalize()
            out.extend([f"> **{title}**", ">"])
            quote_indent = len(line) - len(line.lstrip()) + 4
        elif tab:
            out.extend([f"**{tab['title']}**", ""])
            tab_indent = (tab_indent or 0) + len(tab["indent"]) + 4
        else:
            out.append(line)
    # Sin la línea «>» vacía con que acaba cada cita.
    out = [line for i, line in enumerate(out) if not (line == ">" and (i + 1 == len(out) or not out[i + 1].startswith(">")))]
    result = "\n".join(out).strip()
    result = re.sub(r"!\[([^\]]*)\]\((?!https?:)[^)]*\)(\{[^}]*\})?", r"*\1*", result)
    result = re.sub(r"\[([^\]]+)\]\((?!https?:|mailto:)[^)]*\)(\{[^}]*\})?", r"\1", result)
    result = re.sub(r":material-[\w-]+:\s*", "", result)
    return result


SOLO_NOTICE = {
    "solo-aws": "> **Solo en AWS**: la celda siguiente necesita una cuenta de AWS real. Fuera de ella, no la ejecute.",
    "solo-emr": "> **Solo en EMR**: la celda siguiente necesita un clúster de EMR real. Fuera de él, no la ejecute.",
}


def build_notebook(md_path: Path) -> nbformat.NotebookNode | None:
    """El notebook de una página: su texto como Markdown, sus celdas como código y sus archivos como
    ``%%writefile``. None si la página no tiene bloques de código."""
    meta, parts = read_page(md_path)
    if meta.get("notebook") or not any(isinstance(part, Block) for part in parts):
        return None  # sin código, o generada desde un notebook que ya es su descarga
    link = notebook_link(md_path)
    cells = []
    written: set[str] = set()
    for part in parts:
        if isinstance(part, str):
            text = markdown_for_jupyter(part, link)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif part.kind == "file":
            flag = " -a" if part.title in written else ""
            written.add(part.title)
            cells.append(nbformat.v4.new_code_cell(f"%%writefile{flag} {part.title}\n{part.code}"))
        else:
            cell = nbformat.v4.new_code_cell(part.code)
            if part.kind in SOLO:
                # La etiqueta roja del sitio, visible también en el notebook.
                cells.append(nbformat.v4.new_markdown_cell(SOLO_NOTICE[part.kind]))
                cell.metadata["tags"] = [part.kind]
            cells.append(cell)
    for number, cell in enumerate(cells):
        cell.id = f"celda-{number:03d}"  # ids estables: regenerar no cambia el archivo
    kernel = meta.get("kernel", "python")
    if kernel not in KERNELS:
        raise BlockError(f"{md_path.relative_to(ROOT)}: kernel {kernel!r} desconocido; use uno de {sorted(KERNELS)}")
    page = {"page": md_path.relative_to(DOCS).as_posix(), "kernel": kernel}
    if meta.get("livy"):
        page["livy"] = meta["livy"]
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNELS[kernel],
        "language_info": {"name": "python"},
        "manual_ml": page,
    })


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


# Los notebooks escritos como notebook (no como página) y publicados como página: la página Markdown
# se genera a partir del notebook ejecutado, con sus salidas, y su botón descarga el notebook mismo.
SOURCE_NOTEBOOKS = [DOCS / "notebooks" / "eda-ejemplo.ipynb"]
IMAGES = DOCS / "assets" / "images"


def fenced(language: str, text: str) -> list[str]:
    """Un bloque de código que el texto no puede cerrar: la valla es más larga que cualquier serie de
    acentos graves del texto, así que una salida con ```` ``` ```` no se escapa del bloque."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence} {language}", text, fence, ""]


def notebook_page(ipynb: Path) -> tuple[str, dict[Path, bytes]]:
    """La página de un notebook ejecutado y sus figuras: el texto tal cual, el código en bloques ``python``,
    las salidas de texto en bloques ``text`` y cada figura como PNG con el texto alternativo que su celda
    declara en ``metadata.manual_ml.alt`` (sin él, falla: una figura sin descripción no se publica).

    De las salidas solo se publican ``image/png`` y texto plano: el HTML, el Markdown, el SVG y el
    JavaScript que produzca una celda no llegan nunca al sitio, así que no pueden ejecutar nada en él."""
    import base64

    nb = nbformat.read(ipynb, as_version=4)
    meta = nb.metadata.get("manual_ml", {})
    front = yaml.safe_dump({"description": meta["description"], "notebook": ipynb.name}, allow_unicode=True, width=1000)
    lines = ["---", front.strip(), "---", ""]
    images: dict[Path, bytes] = {}
    link = f'[:material-download: Abrir como notebook]({ipynb.name}){{ .md-button download="{ipynb.name}" }}'
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            text = cell.source.strip()
            if text.startswith("# "):
                title, _, rest = text.partition("\n")
                text = f"{title}\n\n{link}\n{rest}"
            lines += [text, ""]
            continue
        lines += fenced("python", cell.source.strip())
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output["output_type"] == "error":
                raise BlockError(f"{ipynb.name}, celda {index}: el notebook guardado tiene un error")
            if "image/png" in data:
                alt = cell.metadata.get("manual_ml", {}).get("alt")
                if not alt:
                    raise BlockError(f"{ipynb.name}, celda {index}: falta metadata.manual_ml.alt para la figura")
                path = IMAGES / f"{ipynb.stem}-{index}.png"
                images[path] = base64.b64decode(data["image/png"])
                lines += [f"![{alt}](../{path.relative_to(DOCS).as_posix()})", ""]
                continue
            text = output["text"] if output["output_type"] == "stream" else data.get("text/plain", "")
            if text.strip():
                lines += fenced("text", text.rstrip("\n"))
    return "\n".join(lines).rstrip("\n") + "\n", images


def runnable_notebooks() -> list[Path]:
    """Lo que ejecuta el ejecutor de páginas: el notebook de cada página con código y los notebooks que
    el sitio publica como páginas."""
    generated = [notebook_path(md) for md in pages() if build_notebook(md) is not None]
    return generated + sorted(SOURCE_NOTEBOOKS)


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="falla si un notebook no coincide con su página")
    args = parser.parse_args(argv)
    expected: dict[Path, str | bytes] = {}
    for ipynb in SOURCE_NOTEBOOKS:
        text, images = notebook_page(ipynb)
        expected[ipynb.with_suffix(".md")] = text
        expected.update(images)
    for md in pages():
        if md in expected:
            continue  # generada arriba desde su notebook
        nb = build_notebook(md)
        if nb is not None:
            expected[notebook_path(md)] = render(nb)
    def current(path: Path, content: str | bytes) -> bool:
        if not path.is_file():
            return False
        return path.read_bytes() == content if isinstance(content, bytes) else path.read_text(encoding="utf-8") == content

    stale = sorted(
        {path for path, content in expected.items() if not current(path, content)}
        | {path for path in NOTEBOOKS.glob("*.ipynb") if path not in expected}
    )
    if args.check:
        for path in stale:
            print(f"desactualizado: {path.relative_to(ROOT)} (ejecute make generated)", file=sys.stderr)
        return 1 if stale else 0
    NOTEBOOKS.mkdir(parents=True, exist_ok=True)
    for path in stale:
        if isinstance(expected.get(path), bytes):
            path.write_bytes(expected[path])
        elif path in expected:
            path.write_text(expected[path], encoding="utf-8")
        else:
            path.unlink()
        print(f"escrito: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
