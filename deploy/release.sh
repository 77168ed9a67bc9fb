#!/usr/bin/env bash
# Put a release live on this app server without dropping a request.
#
#   deploy/release.sh <git tag or commit> --migrate   on the FIRST server only
#   deploy/release.sh <git tag or commit>             then on each other server, one at a time
#
# Order (docs/operations.md, "Running on several servers", explains why):
#   1. code, packages and static files on this server (old code keeps serving meanwhile);
#   2. with --migrate: database migrations, while the old code still serves on every
#      server, so a release's migrations must work with the previous release's code;
#      lock_timeout stops a migration that would queue the site's requests behind it;
#   3. `systemctl reload clinic-web`: gunicorn starts workers with the new code and lets
#      the old ones finish their requests; the workers restart after their current email;
#   4. /healthz must answer 200 before you move on to the next server.
# Run as the clinic user with sudo rights for systemctl, from /srv/clinic.
set -euo pipefail

ref=${1:?usage: deploy/release.sh <git tag or commit> [--migrate]}
migrate=${2:-}
cd /srv/clinic
set -a
# shellcheck source=/dev/null
. /etc/clinic/clinic.env
set +a

git fetch --quiet --tags origin
git checkout --quiet --detach "$ref"
.venv/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
.venv/bin/pip check
npm ci --no-audit --no-fund --loglevel=error
deploy/build-css.sh
# The Spanish message catalogue, compiled from the committed .po file (never committed).
.venv/bin/pybabel compile --domain django --directory locale --statistics
# Without --clear: pages the old workers are still serving refer to the old file names.
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
# What nginx shows, with the clinic's phone number, when no app server answers.
.venv/bin/python manage.py write_outage_page
.venv/bin/python manage.py check --deploy --fail-level WARNING

if [ "$migrate" = "--migrate" ]; then
  # Give up on a lock after 5 s instead of making every request wait behind the migration;
  # run the release again at a quieter time if that happens.
  PGOPTIONS="-c lock_timeout=5s -c statement_timeout=15min" \
    .venv/bin/python manage.py migrate --noinput
  .venv/bin/python manage.py load_site_content
fi

sudo systemctl reload clinic-web
# Workers finish the email in hand, then start with the new code.
sudo systemctl restart 'clinic-worker@*'

# As nginx asks: the site answers only its own host name, and only over HTTPS.
host=${ALLOWED_HOSTS%%,*}
for _ in $(seq 30); do
  if curl --silent --fail --max-time 5 -H "Host: $host" -H "X-Forwarded-Proto: https" \
    "http://$GUNICORN_BIND/healthz" >/dev/null; then
    echo "$(hostname): release $ref is live"
    exit 0
  fi
  sleep 1
done
echo "$(hostname): /healthz did not answer 200 after the reload; see journalctl -u clinic-web" >&2
exit 1
