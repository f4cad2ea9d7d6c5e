"""Check the release build in dist/ (scripts/release.sh runs this).

    python scripts/check-dist.py dist

The wheel must be what `pip install` needs and JupyterLab's extension manager
shows: the prebuilt labextension under share/jupyter/labextensions (its
package.json, the remoteEntry it names, the settings schemas, install.json),
the licence, and the core metadata (PEP 566/643 fields: Summary, Keywords,
Project-URL, the `Framework :: Jupyter :: JupyterLab :: Extensions ::
Prebuilt` classifier, Requires-Dist on JupyterLab), and the server extension
(its module, and the file that enables it on install, under
etc/jupyter/jupyter_server_config.d). The sdist must hold the
sources and the prebuilt labextension, so that a wheel built from it needs no
Node.js, and none of the environments or caches the scripts make.

Prints one line per failed expectation and the sizes; exits 1 on any failure.
"""

from __future__ import annotations

import json
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((ROOT / "package.json").read_text())
LABEXT = "jupyterlab-coauthor"
KEYWORDS = ("jupyter", "jupyterlab", "jupyterlab-extension")
PREBUILT = "Framework :: Jupyter :: JupyterLab :: Extensions :: Prebuilt"

problems: list[str] = []


def expect(ok: bool, what: str) -> None:
    if not ok:
        problems.append(what)


def check_wheel(path: Path) -> None:
    version = PACKAGE["version"]
    expect(
        path.name == f"jupyterlab_coauthor-{version}-py3-none-any.whl",
        f"wheel name {path.name} is not jupyterlab_coauthor-{version}-py3-none-any.whl",
    )
    with zipfile.ZipFile(path) as wheel:
        names = set(wheel.namelist())
        dist_info = f"jupyterlab_coauthor-{version}.dist-info"
        data = f"jupyterlab_coauthor-{version}.data/data/share/jupyter"
        labext = f"{data}/labextensions/{LABEXT}"

        metadata = Parser().parsestr(wheel.read(f"{dist_info}/METADATA").decode())
        expect(metadata["Name"] == "jupyterlab_coauthor", f"Name is {metadata['Name']}")
        expect(metadata["Version"] == version, f"Version is {metadata['Version']}")
        expect(
            metadata["Summary"] == PACKAGE["description"],
            "Summary is not package.json's description",
        )
        keywords = [k.strip() for k in (metadata["Keywords"] or "").split(",")]
        for keyword in KEYWORDS:
            expect(keyword in keywords, f"Keywords lack {keyword!r}: {keywords}")
        expect(PREBUILT in metadata.get_all("Classifier", []), f"no classifier {PREBUILT!r}")
        urls = metadata.get_all("Project-URL", [])
        expect(len(urls) >= 2, f"fewer than two Project-URL entries: {urls}")
        requires = metadata.get_all("Requires-Dist", [])
        expect(
            any(r.replace(" ", "").startswith("jupyterlab") and ">=4.6" in r for r in requires),
            f"no Requires-Dist on jupyterlab>=4.6: {requires}",
        )
        expect(bool(metadata["Requires-Python"]), "no Requires-Python")
        expect(
            metadata.get_content_type() == "text/markdown"
            or "markdown" in (metadata["Description-Content-Type"] or ""),
            "the long description (README) is not declared as Markdown",
        )
        expect("jupyterlab-coauthor" in (metadata.get_payload() or ""), "no README in METADATA")

        licence_files = metadata.get_all("License-File", [])
        expect(bool(licence_files), "no License-File in METADATA")
        for name in licence_files:
            expect(
                f"{dist_info}/licenses/{name}" in names or f"{dist_info}/{name}" in names,
                f"License-File {name} is not in the wheel",
            )
        expect(
            bool(metadata["License"] or metadata["License-Expression"]) or bool(licence_files),
            "no licence in METADATA",
        )

        extension_json = f"{labext}/package.json"
        expect(extension_json in names, f"no {extension_json}")
        if extension_json in names:
            built = json.loads(wheel.read(extension_json))
            expect(built.get("name") == LABEXT, f"labextension name is {built.get('name')}")
            expect(built.get("version") == version, f"labextension version is {built.get('version')}")
            load = built.get("jupyterlab", {}).get("_build", {}).get("load")
            expect(bool(load), "the labextension's package.json has no jupyterlab._build.load")
            if load:
                expect(f"{labext}/{load}" in names, f"the labextension's entry {load} is missing")
        expect(f"{labext}/install.json" in names, "no install.json in the labextension")
        for schema in sorted((ROOT / "schema").glob("*.json")):
            expect(
                f"{labext}/schemas/{LABEXT}/{schema.name}" in names,
                f"settings schema {schema.name} is missing",
            )
        expect(f"{labext}/static/style.js" in names, "no static/style.js")

        # The server extension (checkpoint contents): its module, and the file
        # that enables it when pip installs the wheel.
        expect("jupyterlab_coauthor/checkpoints.py" in names, "no jupyterlab_coauthor/checkpoints.py")
        enabling = f"jupyterlab_coauthor-{version}.data/data/etc/jupyter/jupyter_server_config.d/jupyterlab_coauthor.json"
        expect(enabling in names, f"no {enabling} (the server extension would not be enabled)")
        if enabling in names:
            enabled = json.loads(wheel.read(enabling)).get("ServerApp", {}).get("jpserver_extensions", {})
            expect(enabled.get("jupyterlab_coauthor") is True, f"{enabling} does not enable jupyterlab_coauthor: {enabled}")
        expect(
            not any("node_modules/" in n or n.endswith(".ts") for n in names),
            "the wheel holds node_modules or TypeScript sources",
        )


def check_sdist(path: Path) -> None:
    version = PACKAGE["version"]
    top = f"jupyterlab_coauthor-{version}"
    expect(path.name == f"{top}.tar.gz", f"sdist name {path.name} is not {top}.tar.gz")
    with tarfile.open(path) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in (
        "LICENSE",
        "README.md",
        "package.json",
        "package-lock.json",
        "pyproject.toml",
        "install.json",
        "src/index.ts",
        "style/index.css",
        "jupyterlab_coauthor/__init__.py",
        "jupyterlab_coauthor/checkpoints.py",
        "jupyter-config/server-config/jupyterlab_coauthor.json",
        "jupyterlab_coauthor/labextension/package.json",
        "jupyterlab_coauthor/labextension/static/style.js",
    ):
        expect(needed in names, f"the sdist has no {needed}")
    for schema in sorted((ROOT / "schema").glob("*.json")):
        expect(f"schema/{schema.name}" in names, f"the sdist has no schema/{schema.name}")
    unwanted = ("node_modules/", ".venv", ".node/", ".cache/", ".test-reports/", "lite/_output/", "dist/")
    held = sorted({n.split("/")[0] for n in names if n.startswith(unwanted) or "/node_modules/" in n})
    expect(not held, f"the sdist holds environments or caches: {held}")


def main() -> int:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    wheels = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    expect(len(wheels) == 1, f"expected one wheel in {dist}, found {len(wheels)}")
    expect(len(sdists) == 1, f"expected one sdist in {dist}, found {len(sdists)}")
    for wheel in wheels:
        check_wheel(wheel)
    for sdist in sdists:
        check_sdist(sdist)
    for artefact in wheels + sdists:
        print(f"{artefact.name}: {artefact.stat().st_size / 1024:.0f} KiB ({artefact.stat().st_size} bytes)")
    if problems:
        print(f"{len(problems)} problem(s) with {dist}:", file=sys.stderr)
        for problem in problems[:50]:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{dist}: the wheel and the sdist hold what a release needs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
