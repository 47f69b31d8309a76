#!/usr/bin/env bash
# A production-shaped stack on this machine: nginx terminating TLS in front of two gunicorn
# instances of the site, sharing PostgreSQL and Redis. `make prod` runs `deploy/stack.sh
# start`; `make prod-stop` stops it; `reset` also drops its database and empties its cache. Installs nginx (Debian's package) when it is missing and
# makes a self-signed certificate for localhost.
#
#   STACK_DIR          where it keeps its files (default deploy/.run)
#   STACK_HTTPS_PORT   nginx's TLS port (8443); STACK_HTTP_PORT its plain port (8153)
#   STACK_APP_PORTS    the instances' ports ("8151 8152")
#   STACK_WORKERS      gunicorn workers per instance (2)
#   STACK_DATABASE_URL postgres://postgres@127.0.0.1:5432/hcpcs_stack (or a sqlite:/// file)
#   STACK_REDIS_PORT   the stack's own Redis (6390), started with maxmemory and an LRU policy
#   STACK_REDIS_MAXMEMORY  its memory bound (256mb): the cache evicts, never grows past it
#   STACK_CACHE_URL    redis://127.0.0.1:$STACK_REDIS_PORT/0 (another Redis is used as it is)
#   STACK_ENV_EXTRA    more variables for the app, e.g. "API_THROTTLE_ANON=100000/minute"
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN="${STACK_DIR:-$ROOT/deploy/.run}"
HTTPS_PORT="${STACK_HTTPS_PORT:-8443}"
HTTP_PORT="${STACK_HTTP_PORT:-8153}"
APP_PORTS="${STACK_APP_PORTS:-8151 8152}"
WORKERS="${STACK_WORKERS:-2}"
DATABASE_URL="${STACK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hcpcs_stack}"
REDIS_PORT="${STACK_REDIS_PORT:-6390}"
REDIS_MAXMEMORY="${STACK_REDIS_MAXMEMORY:-256mb}"
CACHE_URL="${STACK_CACHE_URL:-redis://127.0.0.1:$REDIS_PORT/0}"
PY="$ROOT/.venv/bin/python"

say() { printf '[stack] %s\n' "$*"; }

app_env() {
  local secret
  secret="$(cat "$RUN/secret_key")"
  # shellcheck disable=SC2086
  env -u DEBUG DJANGO_ENV=production SECRET_KEY="$secret" \
    ALLOWED_HOSTS="localhost,127.0.0.1" \
    CSRF_TRUSTED_ORIGINS="https://localhost:$HTTPS_PORT,https://127.0.0.1:$HTTPS_PORT" \
    DATABASE_URL="$DATABASE_URL" CACHE_URL="$CACHE_URL" STATIC_ROOT="$RUN/static" \
    SECURE_HSTS_SECONDS=300 LOG_LEVEL="${LOG_LEVEL:-WARNING}" ${STACK_ENV_EXTRA:-} "$@"
}

need_packages() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

need_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    for _ in $(seq 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
  fi
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    # The page cache and throttle counters: bounded, least recently used keys evicted first,
    # nothing written to disk (it is a cache).
    say "starting Redis on $REDIS_PORT (maxmemory $REDIS_MAXMEMORY, allkeys-lru)"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
      --pidfile "$RUN/redis.pid" --dir "$RUN" --save "" --appendonly no \
      --maxmemory "$REDIS_MAXMEMORY" --maxmemory-policy allkeys-lru >/dev/null
    for _ in $(seq 20); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  case "$DATABASE_URL" in sqlite*) return ;; esac  # one file, shared by the instances
  local db="${DATABASE_URL##*/}"
  psql "${DATABASE_URL%/*}/postgres" -tc "SELECT 1 FROM pg_database WHERE datname='$db'" \
    | grep -q 1 || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE $db"
}

make_certificate() {
  mkdir -p "$RUN/tls"
  [ -s "$RUN/tls/cert.pem" ] && return
  say "making a self-signed certificate for localhost"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$RUN/tls/key.pem" -out "$RUN/tls/cert.pem" 2>/dev/null
}

start() {
  need_packages
  mkdir -p "$RUN/tmp"
  need_services
  chmod 1777 "$RUN/tmp"
  [ -s "$RUN/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$RUN/secret_key"
  make_certificate
  say "migrating, collecting static files, loading the bundled releases"
  (cd "$ROOT" && app_env "$PY" manage.py migrate --noinput -v 0)
  (cd "$ROOT" && app_env "$PY" manage.py collectstatic --noinput -v 0)
  (cd "$ROOT" && app_env "$PY" manage.py load_bundled_data -v 0)
  local upstreams=""
  for port in $APP_PORTS; do
    if [ -s "$RUN/app-$port.pid" ] && kill -0 "$(cat "$RUN/app-$port.pid")" 2>/dev/null; then
      say "instance on $port already running"
    else
      say "starting the instance on 127.0.0.1:$port ($WORKERS workers)"
      (cd "$ROOT" && app_env GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS="$WORKERS" \
        "$PY" -m gunicorn -c deploy/gunicorn.conf.py hcpcs_site.wsgi --daemon \
        --pid "$RUN/app-$port.pid" --access-logfile "$RUN/app-$port.access.log" \
        --error-logfile "$RUN/app-$port.log" --capture-output)
    fi
    upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
  done
  cp "$ROOT/deploy/proxy_params" "$RUN/proxy_params"
  sed -e "s#@RUN@#$RUN#g" -e "s#@HTTPS_PORT@#$HTTPS_PORT#g" -e "s#@HTTP_PORT@#$HTTP_PORT#g" \
    "$ROOT/deploy/nginx.conf.template" | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' \
    > "$RUN/nginx.conf"
  if [ -s "$RUN/nginx.pid" ] && kill -0 "$(cat "$RUN/nginx.pid")" 2>/dev/null; then
    nginx -p "$RUN" -c "$RUN/nginx.conf" -s reload
  else
    say "starting nginx on https://localhost:$HTTPS_PORT/"
    nginx -p "$RUN" -c "$RUN/nginx.conf"
  fi
  for _ in $(seq 60); do
    if curl -fsk "https://127.0.0.1:$HTTPS_PORT/healthz" >/dev/null 2>&1; then
      local ready=1
      for port in $APP_PORTS; do
        curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 || ready=0
      done
      if [ "$ready" = 1 ]; then
        say "up: https://localhost:$HTTPS_PORT/ (certificate $RUN/tls/cert.pem)"
        return 0
      fi
    fi
    sleep 0.5
  done
  say "the stack did not become ready; see $RUN/*.log"
  exit 1
}

stop() {
  if [ -s "$RUN/nginx.pid" ] && kill -0 "$(cat "$RUN/nginx.pid")" 2>/dev/null; then
    nginx -p "$RUN" -c "$RUN/nginx.conf" -s quit || true
  fi
  for pidfile in "$RUN"/app-*.pid; do
    [ -s "$pidfile" ] || continue
    local pid
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    rm -f "$pidfile"
  done
  if [ -s "$RUN/redis.pid" ] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill -TERM "$(cat "$RUN/redis.pid")"
  fi
  say "stopped"
}

reset() {
  # A fresh start: the stack's database dropped and its Redis database emptied.
  stop
  case "$DATABASE_URL" in
    sqlite:///*) rm -f "${DATABASE_URL#sqlite://}" "${DATABASE_URL#sqlite://}-wal" "${DATABASE_URL#sqlite://}-shm" ;;
    *) psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${DATABASE_URL##*/}" ;;
  esac
  redis-cli -u "$CACHE_URL" flushdb >/dev/null 2>&1 || true
  say "reset"
}

case "${1:-start}" in
  start) start ;;
  reset) reset ;;
  stop) stop ;;
  restart) stop; start ;;
  env) shift; app_env "$@" ;;
  *) echo "usage: $0 start|stop|restart|reset|env COMMAND..." >&2; exit 2 ;;
esac
