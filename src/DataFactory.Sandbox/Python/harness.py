# The trusted side of a sandboxed code check; runs as `python3 -c` inside bubblewrap.
# argv: CPU seconds, address-space bytes, processes, file-size bytes.
# stdin: {"nonce", "code", "tests"} as JSON. The candidate's program runs as module "solution", then the
# tests in module "tests" (which starts with the solution's names). Report lines go to the original
# stdout, each prefixed with the nonce, which the program never sees; the program's own output goes to
# stderr. Limits are set before any candidate code runs, so it cannot raise them.
import ast
import json
import linecache
import os
import resource
import signal
import sys
import traceback
import types

DETAIL_LIMIT = 400


def set_limits(cpu, memory, processes, file_size):
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    # A file over the size limit is an OSError in the program, not a kill of the whole run.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def describe(error):
    """One line: where in solution.py or tests.py it happened, and the exception."""
    where = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename in ("solution.py", "tests.py"):
            where = f"{frame.filename}:{frame.lineno}: "
            if frame.line:
                where += frame.line.strip() + ": "
            break
    if isinstance(error, SyntaxError) and error.filename in ("solution.py", "tests.py"):
        where = f"{error.filename}:{error.lineno}: "
    text = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()
    text = text[-1] if text else type(error).__name__
    line = " ".join((where + text).split())
    return line if len(line) <= DETAIL_LIMIT else line[: DETAIL_LIMIT - 1] + "…"


def remember(filename, source):
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def has_top_level_checks(tree):
    """True when the tests module does more at top level than import, define and assign."""
    quiet = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign, ast.Pass)
    for node in tree.body:
        if isinstance(node, quiet):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        return True
    return False


def test_functions(namespace):
    for name, value in list(namespace.items()):
        if not name.startswith("test") or not isinstance(value, types.FunctionType) or value.__module__ != "tests":
            continue
        code = value.__code__
        positional = code.co_argcount - len(value.__defaults__ or ())
        keyword_only = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
        if positional <= 0 and all(k in (value.__kwdefaults__ or {}) for k in keyword_only):
            yield name, value


def test_cases(namespace):
    # Only tests that imported unittest can define a TestCase: startup stays free of its import cost.
    unittest = sys.modules.get("unittest")
    if unittest is None:
        return
    for value in list(namespace.values()):
        if isinstance(value, type) and issubclass(value, unittest.TestCase) and value.__module__ == "tests":
            yield unittest, value


def run(payload):
    solution = types.ModuleType("solution")
    solution.__file__ = "solution.py"
    sys.modules["solution"] = solution
    remember("solution.py", payload["code"])
    try:
        exec(compile(payload["code"], "solution.py", "exec"), solution.__dict__)
    except BaseException as error:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are failures too
        return {"passed": 0, "total": None, "failure": describe(error)}

    tests_source = payload["tests"]
    remember("tests.py", tests_source)
    try:
        tree = ast.parse(tests_source, "tests.py")
        compiled = compile(tree, "tests.py", "exec")
    except (SyntaxError, ValueError) as error:
        return {"invalid": "the tests do not compile: " + describe(error)}

    tests = types.ModuleType("tests")
    namespace = tests.__dict__
    namespace.update({k: v for k, v in solution.__dict__.items() if k not in ("__name__", "__file__", "__doc__", "__spec__", "__loader__")})
    namespace["__name__"] = "tests"
    namespace["__file__"] = "tests.py"
    sys.modules["tests"] = tests

    passed = total = 0
    failure = None
    top_level = has_top_level_checks(tree)
    try:
        exec(compiled, namespace)
    except BaseException as error:  # noqa: BLE001
        return {"passed": 0, "total": None, "failure": describe(error)}
    if top_level:
        total += 1
        passed += 1

    for name, function in test_functions(namespace):
        total += 1
        try:
            result = function()
            if isinstance(result, types.CoroutineType):
                import asyncio
                asyncio.run(result)
            passed += 1
        except BaseException as error:  # noqa: BLE001
            failure = failure or f"{name}: {describe(error)}"

    for unittest, case in test_cases(namespace):
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(case)
        result = unittest.TestResult()
        suite.run(result)
        problems = result.failures + result.errors
        ran = result.testsRun - len(result.skipped)
        total += ran
        passed += ran - len(problems) - len(result.unexpectedSuccesses)
        if problems and failure is None:
            test, text = problems[0]
            lines = [line for line in text.strip().splitlines() if line.strip()]
            failure = f"{test.id().removeprefix('tests.')}: {lines[-1].strip() if lines else 'failed'}"[:DETAIL_LIMIT]
        elif result.unexpectedSuccesses and failure is None:
            failure = f"{result.unexpectedSuccesses[0].id()}: unexpected success"

    if total == 0:
        return {"invalid": "the tests run nothing: no top-level check, no test_ function, no unittest.TestCase"}
    return {"passed": passed, "total": total, "failure": failure}


def main():
    set_limits(*(int(value) for value in sys.argv[1:5]))
    payload = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    nonce = payload.pop("nonce")

    # Nothing of the caller leaks in: no descriptor beyond stdio; stdin reads as empty.
    os.closerange(3, 1 << 16)
    report = os.dup(1)
    os.dup2(2, 1)
    empty = os.open(os.devnull, os.O_RDONLY)
    os.dup2(empty, 0)
    os.close(empty)

    # Bound now, so that a program replacing os.write or json.dumps cannot change what is reported;
    # only this process reports: a child the program forks runs on into the harness but stays silent.
    write, dumps, getpid, owner = os.write, json.dumps, os.getpid, os.getpid()

    def send(fields):
        if getpid() == owner:
            write(report, (nonce + " " + dumps(fields) + "\n").encode())

    send({"started": True})
    send(run(payload))
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - the program may have replaced or closed it
            pass
    # Skip atexit handlers and non-daemon threads of the program: the verdict is in.
    os._exit(0)


main()
