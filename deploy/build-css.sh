#!/usr/bin/env bash
# Bootstrap's stylesheet cut to the rules the site uses (see purgecss.config.cjs), written
# to the git-ignored build/vendor/bootstrap.min.css. Run after `npm ci`, by `make setup` and
# deploy/release.sh. PYTHON is the project's Python (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}

mkdir -p build/vendor
# Every element staff may type into a page, from the one list the sanitiser uses.
"$python" -c "from content.rendering import ALLOWED_TAGS
print(''.join(f'<{tag}></{tag}>' for tag in sorted(ALLOWED_TAGS)))" >build/markdown-elements.html
CRISPY_TEMPLATES=$("$python" -c "import crispy_bootstrap5, pathlib
print(pathlib.Path(crispy_bootstrap5.__file__).parent / 'templates')") \
  npx --no-install purgecss --config purgecss.config.cjs
