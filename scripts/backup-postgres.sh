#!/usr/bin/env bash
# Back up Spinewise's PostgreSQL database (docs/deploy.md, "Backups and restores").
#
# Usage: backup-postgres.sh DATABASE DIRECTORY
#   DATABASE   the database's name (or a postgres:// URL); pg_dump connects as usual
#              (the user running this, or PGHOST, PGUSER, ~/.pgpass, ...)
#   DIRECTORY  gets spinewise-<date>T<time>.dump, readable only by the user running this,
#              or spinewise-<date>T<time>.dump.gpg (AES256) when BACKUP_PASSPHRASE_FILE
#              names a file holding the passphrase; nothing unencrypted is written then.
# Backups in DIRECTORY older than KEEP_DAYS days (default 14) are then deleted.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "Usage: $0 DATABASE DIRECTORY" >&2
  exit 2
fi
database=$1
directory=$2
backup="$directory/spinewise-$(date +%Y-%m-%dT%H%M%S).dump"
trap 'rm -f "$backup.partial"' EXIT

umask 077
encrypt() {
  gpg --batch --quiet --no-symkey-cache --pinentry-mode loopback \
    --passphrase-file "$BACKUP_PASSPHRASE_FILE" --symmetric --cipher-algo AES256
}
mkdir -p "$directory"
if [ -n "${BACKUP_PASSPHRASE_FILE:-}" ]; then
  backup="$backup.gpg"
  pg_dump --format=custom "$database" | encrypt >"$backup.partial"
else
  pg_dump --format=custom "$database" >"$backup.partial"
fi
mv "$backup.partial" "$backup"
find "$directory" -maxdepth 1 -type f -name 'spinewise-*' -mtime +"${KEEP_DAYS:-14}" -delete

[ ! -t 1 ] || echo "Backed up $database to $backup"
