#!/usr/bin/env bash
# Runs Baton the way deploy/Dockerfile does, without Docker: extracts the packaged jar into layers with Spring Boot's
# jarmode tools, starts the launcher from the extracted directory with the image's settings and waits for the
# readiness probe the Kubernetes manifest uses. CI calls this after the tests when a MySQL/MariaDB server answers on
# SMOKE_DB_URL (default jdbc:mariadb://127.0.0.1:3306/: the CI machine's server is MariaDB 10.11, which needs
# MariaDB's driver; jdbc:mysql://… for MySQL 8); the image's runtime stage has no embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
db_url="${SMOKE_DB_URL:-jdbc:mariadb://127.0.0.1:3306/}"
hostport="${db_url#jdbc:*://}"; hostport="${hostport%%/*}"
if ! (exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}") 2>/dev/null; then
  echo "smoke-layers: no database at $hostport; skipped"
  exit 0
fi
jar=$(ls target/baton-*.jar | grep -v plain | head -1)
work=$(mktemp -d)
pid=""
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$work/extracted" >/dev/null
mkdir -p "$work/app" "$work/data"
# the image copies the four layers into one directory, in this order
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
  cp -r "$work/extracted/$layer/." "$work/app/"
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
(cd "$work/app" && BATON_DATADIR="$work/data" PORT="$port" \
  BATON_DB_URL="${db_url%/}/baton_smoke?createDatabaseIfNotExist=true" BATON_DB_USER="${SMOKE_DB_USER:-root}" \
  BATON_DB_PASSWORD="${SMOKE_DB_PASSWORD:-}" \
  exec java -XX:MaxRAMPercentage=75 org.springframework.boot.loader.launch.JarLauncher >"$work/baton.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
  if body=$(curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null) && [[ $body == *UP* ]]; then
    metrics=$(curl -fsS "http://127.0.0.1:$port/actuator/prometheus")
    [[ $metrics == *baton_outbox_pending* ]] || { echo "smoke-layers: no baton metrics"; exit 1; }
    echo "smoke-layers: Baton from the image's layers is ready"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
echo "smoke-layers: Baton from the layers did not become ready"; tail -50 "$work/baton.log"; exit 1
