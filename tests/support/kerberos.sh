# Shared by the shell tests (tests/package/check, scripts/test-windows): a Kerberos realm of the
# test's own, standing in for the force's domain: a KDC on loopback for POLICE.TEST, a domain
# account, and the database server's key for postgres/localhost in its data folder.

# start_test_realm DIR DATA_DIR PRINCIPAL PASSWORD: the realm's files go to DIR/krb; exports
# KRB5_CONFIG, KRB5_KDC_PROFILE and KRB5CCNAME (a ticket cache in DIR/krb) for kinit and for
# the programs under test. Returns 1, having changed nothing, when the KDC's programs are not
# installed (scripts/bootstrap installs krb5-kdc, krb5-admin-server and krb5-user); the caller
# says it skipped. stop_test_realm DIR stops the KDC.
start_test_realm() {
  local dir=$1/krb data=$2 principal=$3 password=$4 port account
  command -v krb5kdc >/dev/null && command -v kdb5_util >/dev/null && command -v kinit >/dev/null || return 1
  port=$(( 40000 + RANDOM % 10000 ))
  account=$(stat -c %U "$data")
  mkdir -p "$dir"
  printf '[libdefaults]\n default_realm = POLICE.TEST\n dns_lookup_kdc = false\n dns_lookup_realm = false\n rdns = false\n dns_canonicalize_hostname = false\n[realms]\n POLICE.TEST = {\n  kdc = 127.0.0.1:%s\n }\n' "$port" >"$dir/krb5.conf"
  printf '[kdcdefaults]\n kdc_ports = %s\n kdc_tcp_ports = %s\n[realms]\n POLICE.TEST = {\n  database_name = %s/principal\n  key_stash_file = %s/stash\n }\n' "$port" "$port" "$dir" "$dir" >"$dir/kdc.conf"
  export KRB5_CONFIG="$dir/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc.conf" KRB5CCNAME="FILE:$dir/ccache"
  kdb5_util create -s -r POLICE.TEST -P "master-$RANDOM-password" >/dev/null 2>&1 || { echo "kdb5_util create failed" >&2; return 2; }
  kadmin.local -r POLICE.TEST -q "addprinc -pw $password $principal" >/dev/null 2>&1
  kadmin.local -r POLICE.TEST -q "addprinc -randkey postgres/localhost" >/dev/null 2>&1
  kadmin.local -r POLICE.TEST -q "ktadd -k $dir/postgres.keytab postgres/localhost" >/dev/null 2>&1
  install -o "$account" -m 0600 "$dir/postgres.keytab" "$data/postgres.keytab"
  printf "krb_server_keyfile = 'postgres.keytab'\n" >>"$data/postgresql.conf"
  krb5kdc -P "$dir/kdc.pid" || { echo "the KDC did not start" >&2; return 2; }
}

stop_test_realm() {
  [[ -f "$1/krb/kdc.pid" ]] && kill "$(cat "$1/krb/kdc.pid")" 2>/dev/null || true
}
