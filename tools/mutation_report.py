"""Informe de make mutation: mutantes muertos y supervivientes por módulo, a partir de los resultados que
mutmut guarda en mutants/ de cada carpeta de tools/mutation.py.

Un mutante que solo cambia el texto de un mensaje (una cadena con espacios o letras acentuadas, como los
errores en español) no cambia el comportamiento: se cuenta aparte y no entra en la puntuación. Los que
agotaron el tiempo cuentan como muertos (como en mutmut) y se muestran aparte: con la CPU compartida, uno
que sobrevive puede agotarlo; `python -m tools.mutation --vivos` los vuelve a probar.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<mutant>(?P<module>[\w.]+?)\.x[_ǁ][\wǁ]*__mutmut_\d+): (?P<status>.+)$")
STRING = re.compile(r"""(?:[rbfu]{0,2})("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
TARGET = 90.0


def mutmut(folder: Path, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout


def message_only(folder: Path, name: str) -> bool:
    """True si el mutante solo cambia el texto de un mensaje para personas."""
    diff = mutmut(folder, "show", name).splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    if len(removed) != len(added) or not removed:
        return False
    for old, new in zip(removed, added):
        if STRING.sub('""', old) != STRING.sub('""', new):
            return False  # cambia algo más que cadenas
        changed = [a for a, b in zip(STRING.findall(old), STRING.findall(new)) if a != b]
        if not all(" " in text or re.search(r"[áéíóúñ¿¡]", text) for text in changed):
            return False  # una clave de API o un identificador: eso sí cambia el comportamiento
    return True


def main(folders: list[Path]) -> int:
    counts: dict[str, Counter] = defaultdict(Counter)
    for folder in folders:
        for line in mutmut(folder, "results", "--all", "true").splitlines():
            match = LINE.match(line)
            if not match:
                continue
            status = match["status"]
            if status == "survived" and message_only(folder, match["mutant"]):
                status = "solo texto"
            counts[match["module"]][status] += 1
    print(f"{'módulo':40} {'muertos':>8} {'(por tiempo)':>12} {'vivos':>6} {'solo texto':>10} {'sin prueba':>10} "
          f"{'sin ejecutar':>12} {'puntuación':>10}")
    failed = False
    for module, count in sorted(counts.items()):
        killed = count["killed"] + count["timeout"]
        alive = count["survived"] + count["no tests"] + count["suspicious"]
        # Sin ningún mutante probado (mutmut no llegó a ejecutar las pruebas) no hay puntuación que dar.
        score = 100 * killed / (killed + alive) if killed + alive else None
        failed |= score is None or score < TARGET or count["not checked"] > 0
        print(f"{module:40} {killed:8} {count['timeout']:12} {count['survived']:6} {count['solo texto']:10} {count['no tests']:10} "
              f"{count['not checked']:12} {'sin medir' if score is None else f'{score:.1f}%':>10}")
    print(f"\nObjetivo: {TARGET:.0f} % de mutantes que cambian el comportamiento, muertos en cada módulo.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([Path(folder) for folder in sys.argv[1:]] or [Path.cwd()]))
