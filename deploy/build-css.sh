#!/usr/bin/env bash
# The public site's one stylesheet, build/static/site.css: Bootstrap cut to the rules the
# site uses (see purgecss.config.cjs) followed by our own static/css/site.css, minified
# (clean-css). One file within a few KB keeps every page, with all it loads, inside TCP's
# first round trip (tests/content/test_page_budgets.py). Run after `npm ci`, by `make setup`
# and deploy/release.sh. PYTHON is the project's Python (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}

mkdir -p build/purged build/static
# Every element staff may type into a page, from the one list the sanitiser uses.
"$python" -c "from content.rendering import ALLOWED_TAGS
print(''.join(f'<{tag}></{tag}>' for tag in sorted(ALLOWED_TAGS)))" >build/markdown-elements.html
CRISPY_TEMPLATES=$("$python" -c "import crispy_bootstrap5, pathlib
print(pathlib.Path(crispy_bootstrap5.__file__).parent / 'templates')") \
  npx --no-install purgecss --config purgecss.config.cjs
# Level 1 only: it drops comments and whitespace and never reorders rules, so the cascade
# (ours after Bootstrap's) is what the sources say.
npx --no-install cleancss -O1 -o build/static/site.css build/purged/bootstrap.min.css static/css/site.css
