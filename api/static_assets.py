"""Browser files from pinned npm packages, served by the app itself instead of a CDN.

`make install` runs `npm ci` in `web/` (package.json and package-lock.json pin every version and
checksum) and the packages land in `web/node_modules`, which git ignores. A page declares the
files it loads; `PackageAssets` serves exactly those (never the rest of node_modules) under a
mount path, with each package's installed version in the URL so browsers may cache them for
good, plus each package's licence file next to them. When files are missing (npm absent, install
skipped) the app still starts: `missing` names them so the page and the log can say so.

Used by the GraphiQL playground (`api/playground.py`); a later page (the dashboard) declares its
own packages and mounts its own instance.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

# Where `make install` puts the packages: web/node_modules next to the source tree (the project
# is installed editable, so this is the checkout's folder).
NODE_MODULES = Path(__file__).resolve().parent.parent / "web" / "node_modules"

# Versions are in the URL, so a file at a URL never changes.
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class PackageFiles:
    """Files a page loads from one npm package, as paths inside the package."""

    package: str
    files: tuple[str, ...]
    # The licence notice shipped in the package; MIT and similar licences ask for it to travel
    # with the code, so it is served beside the files.
    licence: str = "LICENSE"


@dataclass(frozen=True)
class InstalledPackage:
    package: str
    version: str
    licence_url: str


class PackageAssets:
    def __init__(
        self, packages: Sequence[PackageFiles], *, mount: str, root: Path = NODE_MODULES
    ) -> None:
        self.mount = "/" + mount.strip("/")
        self.root = root
        self.missing: list[str] = []
        self.installed: list[InstalledPackage] = []
        self._urls: dict[tuple[str, str], str] = {}
        self._files: dict[str, Path] = {}  # path below the mount -> file on disk
        for spec in packages:
            self._add(spec)

    def _add(self, spec: PackageFiles) -> None:
        directory = self.root / spec.package
        version = _installed_version(directory)
        if version is None:
            self.missing.append(f"{spec.package} (package not installed in {self.root})")
            return
        prefix = f"{spec.package}@{version}"
        for name in (*spec.files, spec.licence):
            path = directory / name
            if not path.is_file():
                self.missing.append(f"{spec.package}/{name}")
                continue
            self._files[f"{prefix}/{name}"] = path
            self._urls[spec.package, name] = f"{self.mount}/{prefix}/{name}"
        self.installed.append(
            InstalledPackage(
                spec.package, version, self._urls.get((spec.package, spec.licence), "")
            )
        )

    @property
    def ready(self) -> bool:
        return not self.missing

    def url(self, package: str, name: str) -> str:
        """The URL of a declared file; only meaningful when `ready`."""
        return self._urls.get((package, name), "")

    def route(self) -> Route:
        return Route(f"{self.mount}/{{path:path}}", self._serve, methods=["GET", "HEAD"])

    async def _serve(self, request: Request) -> Response:
        path = self._files.get(request.path_params["path"])
        if path is None:
            return PlainTextResponse("Not Found", status_code=404)
        media_type, _ = mimetypes.guess_type(path.name)
        if media_type is None:  # LICENSE and similar notices
            media_type = "text/plain; charset=utf-8"
        elif media_type in {"text/javascript", "application/javascript", "text/css"}:
            media_type += "; charset=utf-8"
        return FileResponse(
            path,
            media_type=media_type,
            headers={"cache-control": IMMUTABLE, "x-content-type-options": "nosniff"},
        )


def _installed_version(directory: Path) -> str | None:
    try:
        manifest = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    return version if isinstance(version, str) and version else None
