#!/usr/bin/env bash
# A full, encrypted dump of the clinic database, for clinic-backup.timer (nightly).
#
# The dump is encrypted with a public key before it touches the disk; the matching private
# key is kept off the servers (a password manager, a safe), so a stolen backup or server
# reveals nothing. Copy $BACKUP_DIR to another site too (rsync, object storage).
#
# Restore (on a machine holding the private key):
#   gpg --decrypt clinic-YYYYmmdd-HHMMSS.dump.gpg > clinic.dump
#   createdb clinic_restored && pg_restore --no-owner --dbname=clinic_restored clinic.dump
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${BACKUP_PUBLIC_KEY:?BACKUP_PUBLIC_KEY (an exported gpg public key file) is not set}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/clinic}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-35}

umask 077
mkdir -p "$BACKUP_DIR"
# gpg needs a home for its own files; the key comes from the file, nothing is imported.
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT

target="$BACKUP_DIR/clinic-$(date -u +%Y%m%d-%H%M%S).dump.gpg"
pg_dump --format=custom --no-owner "$DATABASE_URL" \
  | gpg --batch --yes --trust-model always --recipient-file "$BACKUP_PUBLIC_KEY" \
      --encrypt --output "$target.partial"
mv "$target.partial" "$target"

find "$BACKUP_DIR" -name 'clinic-*.dump.gpg' -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "Backup written: $target ($(stat -c %s "$target") bytes)"
