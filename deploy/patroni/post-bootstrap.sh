#!/bin/sh
# Run once by Patroni on the first primary, with a superuser connection string as $1: HaiLong's role and database.
set -eu
psql "$1" -v ON_ERROR_STOP=1 -v password="$HAILONG_DB_PASSWORD" <<'SQL'
CREATE ROLE hailong LOGIN PASSWORD :'password';
CREATE DATABASE hailong OWNER hailong;
SQL
