# Shared by the shell tests (tests/package/check, scripts/test-windows): a CA of the test's own,
# a server certificate it signs for localhost and 127.0.0.1 (as a force's CA would issue the
# database server's), a certificate from another CA that must be refused, and a private cluster
# made to listen on 127.0.0.1 with TLS.

# make_test_certs DIR: DIR/ca.pem, DIR/server.{pem,key}, DIR/other-ca.pem
make_test_certs() {
  (
    cd "$1"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Test force CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
      -extfile san.ext 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other-ca.pem -days 2 -subj "/CN=Someone else" 2>/dev/null
  )
}

# serve_tls DATA_DIR CERT_DIR PORT: the cluster in DATA_DIR listens on 127.0.0.1:PORT with the
# server certificate from CERT_DIR (from its next start); the files belong to the server's account.
serve_tls() {
  local data=$1 certs=$2 port=$3 account
  account=$(stat -c %U "$data")
  install -o "$account" -m 0600 "$certs/server.key" "$data/server.key"
  install -o "$account" -m 0644 "$certs/server.pem" "$data/server.pem"
  printf "listen_addresses = '127.0.0.1'\nport = %s\nssl = on\nssl_cert_file = 'server.pem'\nssl_key_file = 'server.key'\n" \
    "$port" >>"$data/postgresql.conf"
}

# restart_server DATA_DIR: pg_ctl restart as the server's account (settings such as the port
# take effect; the socket is then named after the new port).
restart_server() {
  local data=$1 account pg_ctl
  account=$(stat -c %U "$data")
  pg_ctl=$(ls -d ${QM_PG_BINDIR:-/usr/lib/postgresql/*/bin} | sort -V | tail -n 1)/pg_ctl
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$account" -- "$pg_ctl" -D "$data" -l "$data/../server.log" -w -t 60 restart >/dev/null
  else
    "$pg_ctl" -D "$data" -l "$data/../server.log" -w -t 60 restart >/dev/null
  fi
}
