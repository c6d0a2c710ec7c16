#!/usr/bin/env bash
# Restore a backup from backup-postgres.sh into a NEW database (docs/deploy.md,
# "Backups and restores"). It never touches an existing database: createdb refuses one.
#
# Usage: restore-postgres.sh BACKUP NEW_DATABASE OWNER
#   BACKUP        a .dump file, or a .dump.gpg one: decrypted with the passphrase in
#                 BACKUP_PASSPHRASE_FILE, or gpg asks for it
#   NEW_DATABASE  the database to create, e.g. spinewise_restored
#   OWNER         the role Spinewise connects as (the user in DATABASE_URL): it owns the
#                 new database and every restored table
# Run it as a user that may create databases and act as OWNER (e.g. postgres).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "Usage: $0 BACKUP NEW_DATABASE OWNER" >&2
  exit 2
fi
backup=$1
database=$2
owner=$3
passphrase=()
[ -z "${BACKUP_PASSPHRASE_FILE:-}" ] || passphrase=(--batch --passphrase-file "$BACKUP_PASSPHRASE_FILE")
[ -r "$backup" ] || { echo "Cannot read $backup" >&2; exit 1; }

umask 077
decrypt() {
  gpg --quiet --no-symkey-cache --pinentry-mode loopback "${passphrase[@]}" --decrypt "$1"
}
createdb --owner="$owner" "$database"
trap '[ "${restored:-}" = yes ] || dropdb "$database"' EXIT
if [[ $backup == *.gpg ]]; then
  decrypt "$backup" | pg_restore --no-owner --role="$owner" --single-transaction --dbname="$database"
else
  pg_restore --no-owner --role="$owner" --single-transaction --dbname="$database" "$backup"
fi
restored=yes

[ ! -t 1 ] || echo "Restored $backup into the new database $database (owner $owner)"
