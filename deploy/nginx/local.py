"""Run deploy/nginx/gongkai.conf on this machine, unprivileged ports, own folder.

Used by tests/portal/test_nginx.py and bench/page_rate.py: the example values
of the shipped file are replaced (each must be found, so the file and this
script cannot drift apart), the IPv6 listeners dropped, and the result wrapped
in a minimal nginx.conf like Debian's (sendfile, mime.types), with a
self-signed certificate.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SITE = Path(__file__).with_name("gongkai.conf")
NGINX = Path(os.environ.get("GONGKAI_NGINX", "/usr/sbin/nginx"))


@dataclass(frozen=True)
class Values:
    """What the example values of gongkai.conf become."""

    host: str
    https_port: int
    http_port: int
    static: Path
    cache: Path
    upstream: str
    certificate: Path
    key: Path
    tls: bool = True  # False: the HTTPS server block listens without TLS (benchmarks)


def site_conf(values: Values) -> str:
    text = SITE.read_text(encoding="utf-8")
    replacements = {
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{values.http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{values.https_port}"
        + (" ssl http2;" if values.tls else ";"),
        "gk.example.gov.cn": values.host,
        "/etc/ssl/gongkai/fullchain.pem": str(values.certificate),
        "/etc/ssl/gongkai/privkey.pem": str(values.key),
        "/srv/gongkai/static": str(values.static),
        "/srv/gongkai/var/pagecache": str(values.cache),
        "127.0.0.1:8000": values.upstream,
    }
    for example, value in replacements.items():
        if example not in text:
            raise ValueError(f"{SITE} no longer contains {example!r}")
        text = text.replace(example, value)
    return text


def main_conf(folder: Path, sites: list[Path], workers: int | str = 1) -> str:
    """An nginx.conf for ``nginx -p folder -c nginx.conf`` including the site files."""
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""  # read our folders
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/temp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    includes = "\n".join(f"    include {site};" for site in sites)
    return f"""{user}
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    sendfile on;
    tcp_nopush on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
{includes}
}}
"""


def self_signed(folder: Path, host: str) -> tuple[Path, Path]:
    """A certificate and key for ``host``, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_conf(folder: Path, sites: dict[str, str], workers: int | str = 1) -> Path:
    """Write the site files and nginx.conf into ``folder``; returns nginx.conf."""
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "temp" / kind).mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in sites.items():
        paths.append(folder / name)
        paths[-1].write_text(text, encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(main_conf(folder, paths, workers), encoding="utf-8")
    return conf


def check(conf: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on the configuration."""
    command = [str(NGINX), "-t", "-p", str(conf.parent), "-c", str(conf)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def start(conf: Path, port: int, timeout: float = 10) -> subprocess.Popen:
    """Start nginx in the foreground of a child process; return once ``port`` answers."""
    command = [str(NGINX), "-p", str(conf.parent), "-c", str(conf), "-g", "daemon off;"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise RuntimeError(f"nginx did not answer on port {port}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)
    process.stderr.close()
