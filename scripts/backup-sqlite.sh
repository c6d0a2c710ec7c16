#!/usr/bin/env bash
# Back up Spinewise's SQLite database while it runs (docs/deploy.md, "Backups and restores").
# sqlite3's .backup copies a consistent snapshot, including what is still in the
# write-ahead log; a plain cp of a live database does not.
#
# Usage: backup-sqlite.sh DATABASE_FILE DIRECTORY
#   DATABASE_FILE  the file DATABASE_URL names, e.g. /srv/spinewise/data/spinewise.sqlite3
#   DIRECTORY      gets spinewise-<date>T<time>.sqlite3, readable only by the user running
#                  this, or spinewise-<date>T<time>.sqlite3.gpg (AES256) when
#                  BACKUP_PASSPHRASE_FILE names a file holding the passphrase
# Backups in DIRECTORY older than KEEP_DAYS days (default 14) are then deleted.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "Usage: $0 DATABASE_FILE DIRECTORY" >&2
  exit 2
fi
database=$1
directory=$2
backup="$directory/spinewise-$(date +%Y-%m-%dT%H%M%S).sqlite3"
trap 'rm -f "$backup.partial" "$backup.gpg.partial"' EXIT
[ -r "$database" ] || { echo "Cannot read $database" >&2; exit 1; }

umask 077
encrypt() {
  gpg --batch --quiet --no-symkey-cache --pinentry-mode loopback \
    --passphrase-file "$BACKUP_PASSPHRASE_FILE" --symmetric --cipher-algo AES256
}
mkdir -p "$directory"
sqlite3 -bail -cmd ".timeout 20000" "$database" ".backup '$backup.partial'"
sqlite3 "$backup.partial" "PRAGMA journal_mode=DELETE" >/dev/null
check=$(sqlite3 "$backup.partial" "PRAGMA integrity_check")
[ "$check" = ok ] || { echo "The copy of $database is damaged: $check" >&2; exit 1; }
if [ -n "${BACKUP_PASSPHRASE_FILE:-}" ]; then
  encrypt <"$backup.partial" >"$backup.gpg.partial"
  rm "$backup.partial"
  backup="$backup.gpg"
fi
mv "$backup.partial" "$backup"
find "$directory" -maxdepth 1 -type f -name 'spinewise-*' -mtime +"${KEEP_DAYS:-14}" -delete

[ ! -t 1 ] || echo "Backed up $database to $backup"
