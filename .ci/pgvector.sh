# Sourced by .ci/run (as root, on Debian bookworm): provides a throw-away PostgreSQL 15 with the
# pgvector extension for the adapters-db integration test, and exports its JDBC URL, user and
# password as KUBERNAUT_TEST_PGVECTOR_URL, _USER and _PASSWORD. The server is stopped and its
# files removed when the sourcing shell exits. Any failure aborts CI (set -e in .ci/run):
# KUBERNAUT_REQUIRE_PGVECTOR=1 also makes the test fail, not skip, if the URL is missing.
#
# Bookworm has no pgvector package, so it is built from the Debian source tarball (from the
# pool of the Debian mirror apt is configured with), pinned by the sha256 of pgvector_0.8.0-1.dsc.

PGVECTOR_VERSION=0.8.0
PGVECTOR_SHA256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
PGVECTOR_POOL_PATH="pool/main/p/pgvector/pgvector_${PGVECTOR_VERSION}.orig.tar.gz"
PG_BIN=/usr/lib/postgresql/15/bin

pgvector_log() {
  echo "[pgvector] $*" >&2
}

pgvector_install_packages() {
  if [[ -x "$PG_BIN/postgres" && -x "$PG_BIN/pg_config" ]] \
    && [[ -f "$("$PG_BIN/pg_config" --includedir-server)/postgres.h" ]] \
    && command -v gcc >/dev/null && command -v make >/dev/null && command -v curl >/dev/null; then
    pgvector_log "PostgreSQL 15, its server headers, gcc and make are installed already"
    return
  fi
  pgvector_log "installing PostgreSQL 15, its server headers, gcc and make"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    postgresql-15 postgresql-server-dev-15 make gcc curl ca-certificates >/dev/null
}

pgvector_build() {
  local share
  share="$("$PG_BIN/pg_config" --sharedir)/extension"
  if [[ -f "$share/vector--${PGVECTOR_VERSION}.sql" && -f "$("$PG_BIN/pg_config" --pkglibdir)/vector.so" ]]; then
    pgvector_log "pgvector ${PGVECTOR_VERSION} is installed already"
    return
  fi
  local src
  src="$(mktemp -d)"
  pgvector_log "building pgvector ${PGVECTOR_VERSION} in $src"
  (trap 'rm -rf "$src"' EXIT; pgvector_compile "$src")
}

pgvector_compile() {
  local src="$1"
  local mirror
  mirror="$(grep -rhoE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' /etc/apt/sources.list /etc/apt/sources.list.d/ \
    2>/dev/null | sed -E 's:/?[[:space:]]*$::' | head -n 1 || true)"
  [[ -n "$mirror" ]] || { pgvector_log "apt is configured with no Debian mirror to fetch pgvector from"; return 1; }
  curl -fsSL --retry 3 -o "$src/pgvector.tar.gz" "$mirror/$PGVECTOR_POOL_PATH"
  echo "$PGVECTOR_SHA256  $src/pgvector.tar.gz" | sha256sum --check --status \
    || { pgvector_log "the pgvector tarball does not match its pinned sha256"; return 1; }
  tar -xzf "$src/pgvector.tar.gz" -C "$src" --strip-components=1
  # with_llvm=no: the JIT bitcode needs clang and buys nothing here.
  make -s -C "$src" USE_PGXS=1 PG_CONFIG="$PG_BIN/pg_config" with_llvm=no OPTFLAGS="" -j"$(nproc)" >/dev/null
  make -s -C "$src" USE_PGXS=1 PG_CONFIG="$PG_BIN/pg_config" with_llvm=no install >/dev/null
}

pgvector_free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  pgvector_log "no free loopback port in 54329-54429"
  return 1
}

pgvector_start() {
  PGVECTOR_DATA="$(mktemp -d /tmp/kubernaut-pgvector.XXXXXX)"
  chown postgres: "$PGVECTOR_DATA"
  PGVECTOR_PORT="$(pgvector_free_port)"
  local password
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGVECTOR_DATA/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 --no-sync >/dev/null
  trap pgvector_stop EXIT
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGVECTOR_DATA/data" -l "$PGVECTOR_DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PGVECTOR_PORT -c unix_socket_directories=$PGVECTOR_DATA -c fsync=off" \
    start >/dev/null
  # A superuser: pgvector is not a trusted extension, and the test makes a role of its own.
  runuser -u postgres -- "$PG_BIN/psql" -qAtX -v ON_ERROR_STOP=1 -h "$PGVECTOR_DATA" -p "$PGVECTOR_PORT" \
    -U postgres -d postgres -c "CREATE ROLE kubernaut LOGIN SUPERUSER PASSWORD '$password'" \
    -c "CREATE DATABASE kubernaut OWNER kubernaut" >/dev/null
  export KUBERNAUT_TEST_PGVECTOR_URL="jdbc:postgresql://127.0.0.1:$PGVECTOR_PORT/kubernaut"
  export KUBERNAUT_TEST_PGVECTOR_USER=kubernaut
  export KUBERNAUT_TEST_PGVECTOR_PASSWORD="$password"
  export KUBERNAUT_REQUIRE_PGVECTOR=1
  pgvector_log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with pgvector ${PGVECTOR_VERSION} at $KUBERNAUT_TEST_PGVECTOR_URL"
}

pgvector_stop() {
  if [[ -n "${PGVECTOR_DATA:-}" && -d "$PGVECTOR_DATA/data" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGVECTOR_DATA/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGVECTOR_DATA"
  fi
}

pgvector_install_packages
pgvector_build
pgvector_start
