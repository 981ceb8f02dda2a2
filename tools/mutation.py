"""make mutation: mutmut módulo a módulo, cada uno solo con sus pruebas, e informe por módulo.

mutmut empieza ejecutando toda la selección de pruebas para saber cuáles tocan cada función: con las de
AWS y del pipeline juntas tarda más de 40 minutos en 2 núcleos. Aquí cada módulo se muta en su carpeta
(.cache/mutation/<módulo>/, una copia de los archivos de git) con un pyproject.toml que solo lleva ese
módulo y sus pruebas: la primera pasada dura lo que duran esas pruebas. Cada ejecución empieza de cero
(mutmut no vuelve a probar un mutante que ya tiene resultado, aunque las pruebas hayan cambiado); los
resultados quedan en la carpeta para volver a ver el informe o seguir una ejecución interrumpida.

    python -m tools.mutation [athena gitlab_access ...]   # sin nombres: todos
    python -m tools.mutation --seguir athena                # sigue donde se interrumpió (y prueba las funciones cambiadas)
    python -m tools.mutation --vivos athena                 # vuelve a probar los vivos y los que agotaron el tiempo
    python -m tools.mutation --informe                      # solo el informe de lo ya ejecutado
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "mutation"

# Cada módulo con las pruebas que comprueban su comportamiento (las de fallos de red, que tardan por
# diseño, se quedan fuera con el -k de pyproject.toml).
MODULES = {
    "s3": ("snippets/aws/s3.py", ["tests/aws/test_s3.py", "tests/aws/test_s3_bad_input.py"]),
    "athena": ("snippets/aws/athena.py", ["tests/aws/test_athena.py"]),
    "gitlab_access": ("snippets/aws/gitlab_access.py",
                      ["tests/aws/test_gitlab_access.py", "tests/aws/test_gitlab_access_bad_input.py"]),
    # Sin la prueba que ejecuta el script en otro proceso: ahí el módulo mutado no encuentra a mutmut.
    "guardar_token_gitlab": ("snippets/aws/guardar_token_gitlab.py",
                             ["tests/aws/test_gitlab_access.py", "tests/aws/test_gitlab_access_bad_input.py", "--deselect",
                              "tests/aws/test_gitlab_access.py::test_token_script_stores_the_token_without_printing_it"]),
    "endpoints": ("snippets/aws/endpoints.py",
                  ["tests/aws/test_endpoints.py", "tests/aws/test_endpoints_bad_input.py"]),
    "emr": ("snippets/aws/emr.py", ["tests/aws/test_emr.py", "tests/aws/test_emr_bad_input.py"]),
    "streaming": ("snippets/aws/streaming.py",
                  ["tests/aws/test_streaming.py", "tests/aws/test_streaming_bad_input.py"]),
    "definition": ("snippets/proyecto_ml/pipeline/definition.py",
                   ["tests/proyecto_ml/test_pipeline.py", "tests/proyecto_ml/test_bad_input.py"]),
}


def module_config(source: str, tests: list[str]) -> str:
    """El [tool.mutmut] del proyecto, con solo este módulo y sus pruebas."""
    base = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    config = {**base["tool"]["mutmut"], "only_mutate": [source], "pytest_add_cli_args_test_selection": tests}

    def toml(value) -> str:
        return "[" + ", ".join(f'"{item}"' for item in value) + "]" if isinstance(value, list) else f'"{value}"'

    pytest = base["tool"]["pytest"]["ini_options"]
    lines = ["[tool.pytest.ini_options]", *(f"{key} = {toml(value)}" for key, value in pytest.items()),
             "", "[tool.mutmut]", *(f"{key} = {toml(value)}" for key, value in config.items())]
    return "\n".join(lines) + "\n"


def prepare(name: str, keep_results: bool) -> Path:
    """La carpeta del módulo con los archivos de git de ahora y, si se pide, los resultados anteriores."""
    source, tests = MODULES[name]
    folder = WORK / name
    if not keep_results:
        shutil.rmtree(folder / "mutants", ignore_errors=True)
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split("\0")
    for relative in filter(None, files):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    (folder / "pyproject.toml").write_text(module_config(source, tests), encoding="utf-8")
    return folder


def survivors(folder: Path) -> list[str]:
    """Los mutantes vivos, sin probar o que agotaron el tiempo en la última ejecución en folder. (Con la CPU
    compartida, un mutante que sobrevive puede pasar del límite de tiempo y contar como muerto: se repite.)"""
    if not (folder / "mutants").is_dir():
        return []
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=folder,
                            capture_output=True, text=True, check=True).stdout
    return [line.split(":")[0].strip() for line in listed.splitlines()
            if line.rstrip().endswith((": survived", ": no tests", ": suspicious", ": not checked", ": timeout"))]


def forget(folder: Path, names: set[str]) -> None:
    """Deja sin resultado los mutantes names, para que mutmut los vuelva a probar."""
    for meta in (folder / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        data["exit_code_by_key"] = {key: None if key in names else code for key, code in data["exit_code_by_key"].items()}
        meta.write_text(json.dumps(data), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("modules", nargs="*", help=f"sin nombres, todos: {', '.join(MODULES)}")
    parser.add_argument("--informe", action="store_true", help="no ejecuta mutmut: informa de lo ejecutado")
    parser.add_argument("--seguir", action="store_true", help="conserva los resultados de la ejecución anterior")
    parser.add_argument("--vivos", action="store_true",
                        help="conserva los resultados y vuelve a probar solo los mutantes que sobrevivieron "
                             "(tras añadir pruebas: los ya muertos siguen muertos)")
    parser.add_argument("--max-children", type=int, default=2)
    args = parser.parse_args()
    names = args.modules or list(MODULES)
    if unknown := [name for name in names if name not in MODULES]:
        parser.error(f"módulos desconocidos: {', '.join(unknown)}; los hay: {', '.join(MODULES)}")
    if not args.informe:
        for name in names:
            folder = prepare(name, keep_results=args.seguir or args.vivos)
            if args.vivos:
                again = survivors(folder)
                if not again:
                    print(f"== {name}: ningún mutante vivo", flush=True)
                    continue
                # Se borra su resultado en vez de nombrarlos a mutmut: con nombres, mutmut ejecuta antes
                # sus pruebas por identificador, y no encuentra las que llevan tildes en el suyo.
                forget(folder, set(again))
            if args.vivos or args.seguir:
                # mutmut solo recalcula qué funciones toca cada prueba para las pruebas nuevas (y las busca por
                # identificador): una prueba cambiada que ahora llama a otra función no se ejecutaría.
                (folder / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
            print(f"== {name}: mutmut en {folder.relative_to(ROOT)}", flush=True)
            subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)],
                           cwd=folder, check=False)
    report = [sys.executable, "-m", "tools.mutation_report",
              *(str(WORK / name) for name in names if (WORK / name / "mutants").is_dir())]
    return subprocess.run(report, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
