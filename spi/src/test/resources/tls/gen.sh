#!/usr/bin/env bash
# Regenerates the test certificates (valid for 100 years; the "expired" client one is not).
# Run from this folder; the outputs are committed so tests never depend on openssl.
set -euo pipefail
days=36500
conf() { printf '[req]\ndistinguished_name=dn\n[dn]\n[ext]\nsubjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$1"; }
ca() { # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -subj "/CN=$2" -days $days -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign,cRLSign 2>/dev/null
}
leaf() { # name subject san ca [keyopts...]
  local name=$1 subj=$2 san=$3 issuer=$4; shift 4
  openssl req -new -newkey "$@" -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$subj" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -CAcreateserial -out "$name.pem" \
    -days $days -extfile <(conf "$san") -extensions ext 2>/dev/null
  rm "$name.csr"
}
ca ca "Celeris Test CA"
ca other-ca "Some Other CA"
leaf server localhost "DNS:localhost,IP:127.0.0.1" ca ec -pkeyopt ec_paramgen_curve:P-256
leaf server2 localhost "DNS:localhost,IP:127.0.0.1" ca ec -pkeyopt ec_paramgen_curve:P-256
leaf api api.test "DNS:api.test,DNS:*.api.test" ca ec -pkeyopt ec_paramgen_curve:P-256
leaf rsa localhost "DNS:localhost,IP:127.0.0.1" ca rsa:2048
openssl pkey -in rsa.key -traditional -out rsa-pkcs1.key 2>/dev/null
leaf client "test client" "DNS:client.test" ca ec -pkeyopt ec_paramgen_curve:P-256
leaf client-other "stranger" "DNS:stranger.test" other-ca ec -pkeyopt ec_paramgen_curve:P-256
# expired: valid for a year from 2001 (keytool signs with a start date; openssl 3.0 cannot)
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client-expired.key -out x.csr \
  -subj "/CN=expired client" 2>/dev/null
openssl pkcs12 -export -in ca.pem -inkey ca.key -out ca.p12 -passout pass:secret -name ca 2>/dev/null
keytool -gencert -keystore ca.p12 -storetype PKCS12 -storepass secret -alias ca -infile x.csr -rfc \
  -outfile client-expired.pem -startdate "2001/01/01 00:00:00" -validity 365 2>/dev/null
rm x.csr ca.p12
openssl pkcs12 -export -in server.pem -inkey server.key -out server.p12 -passout pass:secret -name server 2>/dev/null
openssl pkcs12 -export -in client.pem -inkey client.key -out client.p12 -passout pass:secret -name client 2>/dev/null
openssl pkcs12 -export -in client-expired.pem -inkey client-expired.key -out client-expired.p12 -passout pass:secret -name client 2>/dev/null
openssl pkcs12 -export -in client-other.pem -inkey client-other.key -out client-other.p12 -passout pass:secret -name client 2>/dev/null
rm -f server.jks
keytool -importkeystore -srckeystore server.p12 -srcstoretype PKCS12 -srcstorepass secret \
  -destkeystore server.jks -deststoretype JKS -deststorepass secret -destkeypass secret >/dev/null 2>&1
rm -f ./*.srl
# the server key again as SEC1 (BEGIN EC PRIVATE KEY) and encrypted PKCS#8 (PBES2 AES-256, PBES1 3DES)
openssl pkey -in server.key -traditional -out server-sec1.key
openssl pkcs8 -topk8 -in server.key -v2 aes-256-cbc -passout pass:secret -out server-encrypted.key
openssl pkcs8 -topk8 -in rsa.key -v1 PBE-SHA1-3DES -passout pass:secret -out rsa-pbes1.key
