"""
deploy/nginx.conf made runnable on this machine, for `make bench` and the fault tests.

The example's ports, certificate, paths and upstream servers are swapped for local ones;
everything else (caching, retries, the outage page, headers) is the example as shipped, so
what is measured or broken here is what production runs. A change to the example that
moves one of the replaced lines fails loudly here rather than testing something else.
"""

import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
EXAMPLE_UPSTREAMS = ("server 127.0.0.1:8000", "server 10.0.0.12:8000")


def self_signed_certificate(workdir: Path) -> None:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(workdir / "key.pem"), "-out", str(workdir / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip


def local_nginx_config(
    workdir: Path,
    *,
    https_port: int,
    http_port: int,
    app_ports: list[int],
    static_root: Path,
    outage_root: Path | None = None,
    extra: str = "",
) -> Path:
    """Write workdir/nginx.conf: the example in front of `app_ports`, plus `extra` server blocks."""
    site = (PROJECT / "deploy" / "nginx.conf").read_text()
    upstreams = [f"server {HOST}:{port}" for port in app_ports]
    replacements = {
        "listen 80;": f"listen {HOST}:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen {HOST}:{https_port} ssl;",
        "listen [::]:443 ssl http2;": "",
        "/etc/ssl/clinic/fullchain.pem": str(workdir / "cert.pem"),
        "/etc/ssl/clinic/privkey.pem": str(workdir / "key.pem"),
        "/srv/clinic/staticfiles/": f"{static_root}/",
        "root /srv/clinic/staticfiles;": f"root {outage_root or static_root};",
        "/var/cache/nginx/clinic": str(workdir / "cache"),
        "/var/log/nginx/clinic.access.log": str(workdir / "access.log"),
        # One local server per given port; the example's others are left out.
        **{
            example: upstreams[number] if number < len(upstreams) else f"# {example}"
            for number, example in enumerate(EXAMPLE_UPSTREAMS)
        },
    }
    for old, new in replacements.items():
        if old not in site:
            raise RuntimeError(f"deploy/nginx.conf changed: cannot find {old!r}")
        site = site.replace(old, new)
    main = f"""
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    {site}
    {extra}
}}
"""
    path = workdir / "nginx.conf"
    path.write_text(main)
    return path
