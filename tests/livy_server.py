"""Un servidor compatible con la API REST de Apache Livy, respaldado por la SparkSession local.

Livy no se instala desde los registros de paquetes; SparkMagic habla con él por HTTP. Este servidor
implementa lo que SparkMagic usa (sesiones, sentencias y registros) y ejecuta el código de cada
sentencia de verdad, en un espacio de nombres con ``spark`` y ``sc``, como el intérprete de Livy.
"""

from __future__ import annotations

import ast
import contextlib
import io
import itertools
import json
import threading
import traceback
from pathlib import Path

from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


class LivySession:
    def __init__(self, session_id: int, kind: str, spark, conf: dict) -> None:
        self.id, self.kind, self.conf = session_id, kind, conf
        self.namespace = {"spark": spark, "sc": spark.sparkContext, "sqlContext": spark}
        self.statements: list[dict] = []
        self.log = [f"sesión {session_id} creada ({kind})", f"conf: {json.dumps(conf, sort_keys=True)}"]

    def info(self) -> dict:
        return {"id": self.id, "name": None, "appId": f"local-{self.id}", "owner": None, "proxyUser": None,
                "state": "idle", "kind": self.kind, "appInfo": {"driverLogUrl": None, "sparkUiUrl": None},
                "log": self.log[-5:]}

    def run(self, code: str) -> dict:
        """Ejecuta como el REPL de Livy: la salida estándar y, si la última línea es una expresión, su valor."""
        out = io.StringIO()
        statement_id = len(self.statements)
        try:
            tree = ast.parse(code)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            with contextlib.redirect_stdout(out):
                exec(compile(tree, "<livy>", "exec"), self.namespace)
                if last is not None:
                    value = eval(compile(ast.Expression(last.value), "<livy>", "eval"), self.namespace)
                    if value is not None:
                        print(repr(value))
            output = {"status": "ok", "execution_count": statement_id, "data": {"text/plain": out.getvalue().rstrip("\n")}}
        except Exception as exc:  # el error va al cliente, como en Livy
            output = {"status": "error", "execution_count": statement_id, "ename": type(exc).__name__,
                      "evalue": str(exc), "traceback": traceback.format_exception(exc)}
        self.log.append(f"sentencia {statement_id}: {output['status']}")
        statement = {"id": statement_id, "code": code, "state": "available", "output": output,
                     "progress": 1.0, "started": 0, "completed": 0}
        self.statements.append(statement)
        return statement


class LivyServer:
    def __init__(self, spark) -> None:
        self.spark = spark
        self.sessions: dict[int, LivySession] = {}
        self.ids = itertools.count()
        self.lock = threading.Lock()  # una sentencia a la vez, como una sesión de Livy
        self.urls = Map([
            Rule("/sessions", methods=["GET"], endpoint="list"),
            Rule("/sessions", methods=["POST"], endpoint="create"),
            Rule("/sessions/<int:sid>", methods=["GET"], endpoint="get"),
            Rule("/sessions/<int:sid>", methods=["DELETE"], endpoint="delete"),
            Rule("/sessions/<int:sid>/state", methods=["GET"], endpoint="state"),
            Rule("/sessions/<int:sid>/log", methods=["GET"], endpoint="log"),
            Rule("/sessions/<int:sid>/statements", methods=["GET"], endpoint="statements"),
            Rule("/sessions/<int:sid>/statements", methods=["POST"], endpoint="run"),
            Rule("/sessions/<int:sid>/statements/<int:stid>", methods=["GET"], endpoint="statement"),
        ])

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            endpoint, args = self.urls.bind_to_environ(environ).match()
        except Exception:
            return Response("no encontrado", status=404)(environ, start_response)
        body = request.get_json(silent=True) or {}
        if "sid" in args and args["sid"] not in self.sessions:
            return Response(json.dumps({"msg": f"Session '{args['sid']}' not found."}), status=404,
                            content_type="application/json")(environ, start_response)
        status, payload = getattr(self, f"do_{endpoint}")(body, request, **args)
        return Response(json.dumps(payload), status=status, content_type="application/json")(environ, start_response)

    def do_list(self, body, request):
        sessions = [s.info() for s in self.sessions.values()]
        return 200, {"from": 0, "total": len(sessions), "sessions": sessions}

    def do_create(self, body, request):
        conf = {k: v for k, v in body.items() if k != "kind"}  # driverMemory, conf, ...
        session = LivySession(next(self.ids), body.get("kind", "pyspark"), self.spark, conf)
        self.sessions[session.id] = session
        return 201, session.info()

    def do_get(self, body, request, sid):
        return 200, self.sessions[sid].info()

    def do_delete(self, body, request, sid):
        del self.sessions[sid]
        return 200, {"msg": "deleted"}

    def do_state(self, body, request, sid):
        return 200, {"id": sid, "state": "idle"}

    def do_log(self, body, request, sid):
        log = self.sessions[sid].log
        return 200, {"id": sid, "from": 0, "total": len(log), "log": log}

    def do_statements(self, body, request, sid):
        statements = self.sessions[sid].statements
        return 200, {"total_statements": len(statements), "statements": statements}

    def do_run(self, body, request, sid):
        with self.lock:
            return 201, self.sessions[sid].run(body["code"])

    def do_statement(self, body, request, sid, stid):
        return 200, self.sessions[sid].statements[stid]


@contextlib.contextmanager
def serve_livy(spark):
    app = LivyServer(spark)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()


# El ~/.sparkmagic/config.json que muestra la página «SparkMagic».
PAGE_CONFIG = Path(__file__).resolve().parents[1] / "snippets/notebooks/sparkmagic/config.json"


def sparkmagic_config(url: str) -> dict:
    """La configuración de SparkMagic de la página, apuntando a ``url`` y con dos ajustes de prueba."""
    config = json.loads(PAGE_CONFIG.read_text(encoding="utf-8"))
    config["kernel_python_credentials"]["url"] = url
    # Sin esto, delete y cleanup esperan 30 s al hilo de latidos de la sesión.
    config["livy_server_heartbeat_timeout_seconds"] = 0
    # Un error de Spark hace fallar la celda (por defecto SparkMagic solo lo imprime y la celda «pasa»).
    config["all_errors_are_fatal"] = True
    return config
