#!/usr/bin/env bash
# Put a backup from backup-sqlite.sh back in place (docs/deploy.md, "Backups and
# restores"). Stop gunicorn and the worker first: it refuses while anything has the
# database open. The database it replaces is kept beside it, with its -wal and -shm files.
#
# Usage: restore-sqlite.sh BACKUP DATABASE_FILE
#   BACKUP         a .sqlite3 file, or a .sqlite3.gpg one: decrypted with the passphrase
#                  in BACKUP_PASSPHRASE_FILE, or gpg asks for it
#   DATABASE_FILE  the file DATABASE_URL names, e.g. /srv/spinewise/data/spinewise.sqlite3
# Run it as the user Spinewise runs as, so that the restored file is theirs.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "Usage: $0 BACKUP DATABASE_FILE" >&2
  exit 2
fi
backup=$1
database=$2
restoring="$database.restoring"
passphrase=()
[ -z "${BACKUP_PASSPHRASE_FILE:-}" ] || passphrase=(--batch --passphrase-file "$BACKUP_PASSPHRASE_FILE")
[ -r "$backup" ] || { echo "Cannot read $backup" >&2; exit 1; }
for file in "$database" "$database-wal"; do
  open=$(find /proc/[0-9]*/fd -maxdepth 1 -lname "$(realpath -m "$file")" 2>/dev/null || true)
  if [ -n "$open" ]; then
    echo "$file is open: stop gunicorn and the worker first." >&2
    exit 1
  fi
done
trap 'rm -f "$restoring" "$restoring-wal" "$restoring-shm"' EXIT

umask 077
decrypt() {
  gpg --quiet --no-symkey-cache --pinentry-mode loopback "${passphrase[@]}" --decrypt "$1"
}
if [[ $backup == *.gpg ]]; then
  decrypt "$backup" >"$restoring"
else
  cat "$backup" >"$restoring"
fi
check=$(sqlite3 "$restoring" "PRAGMA integrity_check")
[ "$check" = ok ] || { echo "$backup is damaged: $check" >&2; exit 1; }
if [ -e "$database" ]; then
  kept="$database.before-restore-$(date +%Y-%m-%dT%H%M%S)"
  [ "$(id -u)" != 0 ] || chown --reference="$database" "$restoring"
  for suffix in "" -wal -shm; do
    [ ! -e "$database$suffix" ] || mv "$database$suffix" "$kept$suffix"
  done
fi
mv "$restoring" "$database"

[ ! -t 1 ] || echo "Restored $backup to $database${kept:+ (the one it replaced: $kept)}"
