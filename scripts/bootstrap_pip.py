"""Install pip into a venv made with --without-pip (Debian without python3-venv).

Downloads the newest pip wheel from PyPI and runs pip from inside the wheel
to install itself, which is how a wheel of pip can bootstrap itself.
"""

import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

INDEX = "https://pypi.org/pypi/pip/json"


def main() -> int:
    with urllib.request.urlopen(INDEX, timeout=60) as response:
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / wheel["filename"]
        with urllib.request.urlopen(wheel["url"], timeout=120) as response:
            data = response.read()
        if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
            print("pip wheel checksum mismatch", file=sys.stderr)
            return 1
        path.write_bytes(data)
        command = [sys.executable, f"{path}/pip", "install", "--no-index", str(path)]
        return subprocess.call(command)


if __name__ == "__main__":
    raise SystemExit(main())
