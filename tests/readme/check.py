"""The README check: runs every command in README.md, as a newcomer would, against a real server.

    python3 tests/readme/check.py        (from anywhere; ./test.sh runs it after the .NET and SDK suites)

What it checks, each a pass or a failure in the summary line "N passed, N failed":
- every relative link in README.md, docs/*.md and the READMEs of deploy/, sdk/ and examples/ names a file that
  exists, and its #anchor a heading there;
- README's CLI reference lists exactly the commands, variables and exit codes `./ash --help` prints;
- every ```sh block of README.md runs, in order, in one bash session (`set -euo pipefail`, so variables carry
  over from block to block), with the repository as its working directory; every ```js block runs with node
  where the TypeScript SDK is installed as `npm install <folder>` installs it (a link), and every ```python
  block with Debian's python3 and sdk/python/src on PYTHONPATH, as the README says. A block is skipped only
  when an HTML comment `<!-- readme-check: not run: <reason> -->` stands right before it; the reason is printed.

The run is a newcomer's, with three differences, all outside what the README's commands say:
- the model is the repository's fake model server (tests/Ash.Testing.FakeModel): ANTHROPIC_BASE_URL points at
  it, and the placeholder key `sk-ant-your-key` becomes the key it accepts;
- the server gets a free port and a throwaway data directory through ASH_PORT and ASH_DATA_DIR (the README
  says both move the server), and HOME is a throwaway directory (the README writes an agent under ~);
- `curl` fails on an HTTP error status (`--fail-with-body`), so a refused request fails its block.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FAKE_MODEL_DLL = ROOT / "artifacts/bin/Ash.Testing.FakeModel/release/Ash.Testing.FakeModel.dll"
PLACEHOLDER_MODEL_KEY = "sk-ant-your-key"
FAKE_MODEL_KEY = "sk-ant-readme-check-model-key"
SKIP_MARKER = re.compile(r"<!--\s*readme-check:\s*not run:\s*(?P<reason>.+?)\s*-->")
RUN_LANGUAGES = {"sh", "js", "python"}
# What the server may take to start on a machine building it for the first time.
BLOCK_TIMEOUT_SECONDS = 900


@dataclass
class Block:
    language: str
    line: int
    text: str
    skip_reason: str | None


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failed += 1
            print(f"[readme] FAIL {name}", flush=True)
            for problem in problems:
                print(f"[readme]   {problem}", flush=True)
        else:
            self.passed += 1
            print(f"[readme] ok   {name}", flush=True)


def fenced_blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = re.match(r"^```(\w*)\s*$", lines[index])
        if not opening:
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index])
            index += 1
        index += 1
        marker = SKIP_MARKER.search(lines[start - 1]) if start > 0 else None
        blocks.append(Block(opening.group(1), start + 1, "\n".join(body), marker.group("reason") if marker else None))
    return blocks


# ---- links ---------------------------------------------------------------------------------------------------------

def heading_anchors(markdown: str) -> set[str]:
    anchors = set()
    for line in markdown.split("\n"):
        heading = re.match(r"^#{1,6}\s+(.*)$", line)
        if heading:
            text = re.sub(r"[`*_]", "", heading.group(1)).strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return anchors


def link_problems(document: Path) -> list[str]:
    markdown = document.read_text(encoding="utf-8")
    # Links inside code are not links.
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if re.match(r"^[a-z]+://", target) or target.startswith("mailto:"):
            continue
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            problems.append(f"{document.relative_to(ROOT)} links to {target}, which does not exist")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked.read_text(encoding="utf-8")):
            problems.append(f"{document.relative_to(ROOT)} links to {target}, whose #{anchor} is no heading there")
    return problems


# ---- the CLI reference ---------------------------------------------------------------------------------------------

def help_section(help_text: str, title: str) -> list[str]:
    match = re.search(rf"^{title}:\n(.*?)(?:\n\n|\Z)", help_text, flags=re.S | re.M)
    return match.group(1).split("\n") if match else []


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The cells of each row of the README table whose header row starts with `| header |`."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(f"| {header} |"):
            rows = []
            for row in lines[index + 2:]:
                if not row.startswith("|"):
                    break
                rows.append([cell.strip() for cell in row.split("|")[1:-1]])
            return rows
    return []


def cli_reference_problems(help_text: str, markdown: str) -> dict[str, list[str]]:
    helped_commands = set()
    for line in help_section(help_text, "Commands"):
        names = re.match(r"^  ([\w-]+(?:, [\w-]+)*)", line)
        if names:
            helped_commands.update(name.strip() for name in names.group(1).split(","))
    readme_commands = set()
    for cells in table_rows(markdown, "command"):
        for quoted in re.findall(r"`([^`]+)`", cells[0]):
            readme_commands.add(quoted.split()[0])

    helped_variables = {line.split()[0] for line in help_section(help_text, "Environment") if line.strip()}
    readme_variables = {cells[0].strip("`") for cells in table_rows(markdown, "variable")}

    helped_codes = set()
    for line in help_section(help_text, "Exit codes"):
        code = re.match(r"^\s*(\d+)\s+(\S+)", line)
        if code:
            helped_codes.add((code.group(1), code.group(2)))
    readme_codes = {(cells[0], cells[1].strip("`")) for cells in table_rows(markdown, "exit code")}

    def compare(what: str, helped: set, documented: set) -> list[str]:
        problems = []
        if not helped:
            problems.append(f"./ash --help lists no {what}")
        if helped - documented:
            problems.append(f"./ash --help lists {what} the README does not: {sorted(helped - documented)}")
        if documented - helped:
            problems.append(f"the README lists {what} ./ash --help does not: {sorted(documented - helped)}")
        return problems

    return {
        "CLI reference: commands": compare("commands", helped_commands, readme_commands),
        "CLI reference: variables": compare("variables", helped_variables, readme_variables),
        "CLI reference: exit codes": compare("exit codes", helped_codes, readme_codes),
    }


# ---- running the blocks --------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the fake model exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the fake model did not listen within 60 s")


def base_environment(work: Path, model_port: int) -> dict[str, str]:
    real_home = Path.home()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ASH_", "ANTHROPIC_")) or name == "ASH_CLAUDE_PATH"
    }
    environment.update({
        "HOME": str(work / "home"),
        # dotnet, NuGet and npm keep what they already have where they had it.
        "DOTNET_CLI_HOME": os.environ.get("DOTNET_CLI_HOME", str(real_home)),
        "NUGET_PACKAGES": os.environ.get("NUGET_PACKAGES", str(real_home / ".nuget/packages")),
        "npm_config_cache": os.environ.get("npm_config_cache", str(real_home / ".npm")),
        "ASH_PORT": str(free_port()),
        "ASH_DATA_DIR": str(work / "data"),
        "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{model_port}",
    })
    return environment


def script_for(blocks: list[Block], work: Path) -> str:
    """One bash script: each runnable block in order, announcing itself first, so a failure names its block."""
    sdk_project = work / "js-project"
    (sdk_project / "node_modules/@ash-on-dapr").mkdir(parents=True)
    (sdk_project / "node_modules/@ash-on-dapr/sdk").symlink_to(ROOT / "sdk/typescript")
    parts = [
        "set -euo pipefail",
        'curl() { command curl --fail-with-body "$@"; }',
        f"cd {shell_quote(str(ROOT))}",
    ]
    for number, block in enumerate(blocks, start=1):
        parts.append(f"printf '\\n::block {number} README.md:{block.line} ({block.language})\\n' >&2")
        if block.language == "sh":
            parts.append(block.text.replace(PLACEHOLDER_MODEL_KEY, FAKE_MODEL_KEY))
        elif block.language == "js":
            file = sdk_project / f"block-{number}.mjs"
            file.write_text(block.text + "\n", encoding="utf-8")
            parts.append(f"node {shell_quote(str(file))}")
        elif block.language == "python":
            file = work / f"block-{number}.py"
            file.write_text(block.text + "\n", encoding="utf-8")
            parts.append(f"PYTHONPATH={shell_quote(str(ROOT / 'sdk/python/src'))} /usr/bin/python3 {shell_quote(str(file))}")
        parts.append(f"printf '\\n::passed {number}\\n' >&2")
    return "\n".join(parts) + "\n"


def shell_quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def run_blocks(blocks: list[Block], results: Results) -> None:
    runnable = [block for block in blocks if block.language in RUN_LANGUAGES and block.skip_reason is None]
    for block in blocks:
        if block.language in RUN_LANGUAGES and block.skip_reason is not None:
            print(f"[readme] not run: README.md:{block.line}: {block.skip_reason}", flush=True)
    if not FAKE_MODEL_DLL.exists():
        results.check("README blocks", [f"{FAKE_MODEL_DLL} is missing: build the repository first (dotnet build Ash.sln -c Release)"])
        return

    work = Path(tempfile.mkdtemp(prefix="ash-readme-"))
    work.chmod(0o755)
    (work / "home").mkdir()
    model_port = free_port()
    model = subprocess.Popen(
        ["dotnet", str(FAKE_MODEL_DLL), "--api-key", FAKE_MODEL_KEY, "--port", str(model_port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    environment = base_environment(work, model_port)
    log = work / "blocks.log"
    try:
        wait_listening(model_port, model)
        script = work / "readme.sh"
        script.write_text(script_for(runnable, work), encoding="utf-8")
        with log.open("wb") as output:
            try:
                completed = subprocess.run(["bash", str(script)], env=environment, stdout=output, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, timeout=BLOCK_TIMEOUT_SECONDS * max(1, len(runnable)))
                exit_code: int | None = completed.returncode
            except subprocess.TimeoutExpired:
                exit_code = None
        report(runnable, log.read_text(encoding="utf-8", errors="replace"), exit_code, results)
    finally:
        # Whatever happened, no server outlives the check: `./ash stop` for the data directory it used.
        subprocess.run([str(ROOT / "ash"), "stop"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, timeout=120, check=False)
        model.terminate()
        model.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def report(runnable: list[Block], output: str, exit_code: int | None, results: Results) -> None:
    passed = {int(number) for number in re.findall(r"^::passed (\d+)$", output, flags=re.M)}
    failed_at = None
    for number, block in enumerate(runnable, start=1):
        name = f"README.md:{block.line} ({block.language} block {number})"
        if number in passed:
            # An SSE stream answers 200 and carries a failed turn as an event: a README turn must not fail either.
            section = output.split(f"::block {number} ", 1)[-1].split(f"::passed {number}", 1)[0]
            errors = re.findall(r"^event: error\ndata: (.*)$", section, flags=re.M)
            results.check(name, ["an SSE stream in its output carried an error event:", *errors[-5:]] if errors else [])
        elif failed_at is None:
            failed_at = number
            section = output.split(f"::block {number} ", 1)[-1].split("\n", 1)[-1]
            tail = section.strip().split("\n")[-40:]
            how = "timed out" if exit_code is None else f"ended the run with exit code {exit_code}"
            results.check(name, [f"{how}; the block:", *block.text.split("\n"), "its output (last 40 lines):", *tail])
        else:
            results.check(name, ["not reached: an earlier block failed"])
    if exit_code not in (0, None) and len(passed) == len(runnable):
        results.check("README blocks", [f"the script ended with {exit_code} after every block passed", *output.strip().split("\n")[-20:]])


def tree_status() -> list[str]:
    """`git status --porcelain` of the clone: files the commands would have added or changed (ignored ones aside)."""
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, check=False)
    return status.stdout.splitlines() if status.returncode == 0 else []


def main() -> int:
    results = Results()
    markdown = README.read_text(encoding="utf-8")
    documents = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "deploy/README.md",
                 *sorted(ROOT.glob("sdk/*/README.md")), *sorted(ROOT.glob("examples/*/README.md"))]
    results.check("links in README.md, docs/ and the other READMEs", [problem for document in documents for problem in link_problems(document)])

    help_environment = {name: value for name, value in os.environ.items() if not name.startswith(("ASH_", "ANTHROPIC_"))}
    ash_help = subprocess.run([str(ROOT / "ash"), "--help"], env=help_environment, capture_output=True, text=True, check=False)
    if ash_help.returncode != 0:
        results.check("./ash --help", [f"exit code {ash_help.returncode}", ash_help.stderr[-2000:]])
    else:
        for name, problems in cli_reference_problems(ash_help.stdout, markdown).items():
            results.check(name, problems)

    before = tree_status()
    run_blocks(fenced_blocks(markdown), results)
    left = sorted(set(tree_status()) - set(before))
    results.check("the README's commands leave the clone as they found it",
                  [f"left behind: {line}" for line in left])
    print(f"{results.passed} passed, {results.failed} failed", flush=True)
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
